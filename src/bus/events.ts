/**
 * What the bus carries: changes to entries, votes, and changes to shared data. Content events
 * are built here only, by `contentEvent`, from the row a write (or the scheduler) changed.
 */
import {
  type ContentEventKind,
  type ContentType,
  PUBLIC_EVENT_KINDS,
  type PublicEventKind,
} from "../registry.js";

export interface ContentEvent {
  kind: ContentEventKind;
  type: ContentType;
  id: number;
  slug: string;
  /** Tag slugs before and after the change. */
  tags: string[];
  /** Publication time (before or after the change); null for content never published. */
  publishedAt: Date | null;
  /** When it took effect. */
  at: Date;
}

export interface VoteEvent {
  kind: "voted";
  pollId: number;
  at: Date;
}

/** People, tags or weekly stats changed: everything rendered from them may be stale. */
export interface SharedDataEvent {
  kind: "shared-data-changed";
  at: Date;
}

export type AppEvent = ContentEvent | VoteEvent | SharedDataEvent;

/** The row of an entry as a write or the scheduler leaves it. */
export interface ChangedEntry {
  id: number;
  type: ContentType;
  slug: string;
  publishedAt: Date | null;
}

/** The one way a content event is made. */
export function contentEvent(
  kind: ContentEventKind,
  row: ChangedEntry,
  tags: readonly string[],
  at: Date,
): ContentEvent {
  const { id, type, slug, publishedAt } = row;
  return { kind, type, id, slug, tags: [...tags], publishedAt, at };
}

export function isContentEvent(event: AppEvent): event is ContentEvent {
  return event.kind !== "voted" && event.kind !== "shared-data-changed";
}

/** A content change the public can see (not an internal scheduling notice). */
export function isPublicContentEvent(
  event: AppEvent,
): event is ContentEvent & { kind: PublicEventKind } {
  return isContentEvent(event) && (PUBLIC_EVENT_KINDS as readonly string[]).includes(event.kind);
}
