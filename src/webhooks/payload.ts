import type { ContentEvent } from "../bus/events.js";
import { encodeEntryId } from "../read/ids.js";
import { entryUrl, type Urls } from "../read/urls.js";
import type { ContentType } from "../registry.js";
import { ENTRY_KEY_ORDER, type WebhookEntry } from "./entry.js";
import { eventTypeOf } from "./event-types.js";
import { inKeyOrder, type KeyOrder } from "./key-order.js";

/** The JSON body of a delivery, as documented for partners in docs/webhooks.md. */
export interface WebhookPayload {
  /** The delivery id (also `x-webhook-delivery-id`): the same on every retry, so partners can dedupe. */
  id: string;
  /** "announcement.published", … */
  type: string;
  /** When the change took effect, ISO 8601. */
  occurredAt: string;
  data: {
    /** The entry's global id, as `node(id:)` takes it. */
    id: string;
    type: ContentType;
    slug: string;
    /** Its page on the site (SITE_URL). */
    url: string;
    tags: string[];
    publishedAt: string | null;
    /** The entry as readers see it (its card and feeds), or a tombstone once out of view. */
    entry: WebhookEntry;
  };
}

/** The documented order of a body's keys; the first six of `data` predate `entry`. */
const BODY_KEY_ORDER: KeyOrder = [
  "id",
  "type",
  "occurredAt",
  ["data", ["id", "type", "slug", "url", "tags", "publishedAt", ["entry", ENTRY_KEY_ORDER]]],
];

/**
 * The payload of an event, without the delivery id: that id only exists once the row is
 * inserted, and the repository adds it in the same statement.
 */
export function eventPayload(
  event: ContentEvent,
  urls: Urls,
  entry: WebhookEntry,
): Omit<WebhookPayload, "id"> {
  return {
    type: eventTypeOf(event),
    occurredAt: event.at.toISOString(),
    data: {
      id: encodeEntryId(event.type, event.id),
      type: event.type,
      slug: event.slug,
      url: entryUrl(urls, event),
      tags: [...event.tags],
      publishedAt: event.publishedAt ? event.publishedAt.toISOString() : null,
      entry,
    },
  };
}

/**
 * The exact bytes sent (and signed). jsonb keeps keys in its own order, so the body is
 * rebuilt in the documented order rather than serialised as the database returns it; the
 * delivery log shows this same string.
 */
export function payloadBody(payload: WebhookPayload): string {
  return JSON.stringify(inKeyOrder(payload, BODY_KEY_ORDER));
}
