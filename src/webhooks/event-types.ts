import type { ContentEvent } from "../bus/events.js";
import { CONTENT_TYPES, eventTypeName, PUBLIC_EVENT_KINDS } from "../registry.js";

const TYPES = `(?:${[...CONTENT_TYPES, "\\*"].join("|")})`;
const KINDS = `(?:${[...PUBLIC_EVENT_KINDS, "\\*"].join("|")})`;

/**
 * What a webhook can subscribe to: `<type>.<kind>` where either part may be `*`
 * ("announcement.published", "*.updated", "poll.*"), or a bare `*` for everything.
 */
export const EVENT_TYPE_PATTERN = new RegExp(`^(?:\\*|${TYPES}\\.${KINDS})$`);

/** The event type partners see for a content event, e.g. "announcement.published". */
export function eventTypeOf(event: Pick<ContentEvent, "type" | "kind">): string {
  return eventTypeName(event.type, event.kind);
}

/**
 * Every pattern that matches a concrete event type. The set is small and finite, so the
 * database can select the matching webhooks with one array overlap (`event_types && …`)
 * instead of the application scanning every endpoint.
 */
export function patternsMatching(eventType: string): string[] {
  const [type, kind] = eventType.split(".");
  return [eventType, `${type}.*`, `*.${kind}`, "*.*", "*"];
}

/** Whether any of a webhook's patterns selects this event type. */
export function matchesEventType(patterns: readonly string[], eventType: string): boolean {
  const wanted = patternsMatching(eventType);
  return patterns.some((p) => wanted.includes(p));
}
