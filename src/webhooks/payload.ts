import type { ContentEvent } from "../bus/events.js";
import { encodeEntryId } from "../read/ids.js";
import { entryUrl, type Urls } from "../read/urls.js";
import type { ContentType } from "../registry.js";
import { eventTypeOf } from "./event-types.js";

/** The JSON body of a delivery, as documented for partners in the README. */
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
  };
}

/**
 * The payload of an event, without the delivery id: that id only exists once the row is
 * inserted, and the repository adds it in the same statement.
 */
export function eventPayload(event: ContentEvent, urls: Urls): Omit<WebhookPayload, "id"> {
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
    },
  };
}

/**
 * The exact bytes sent (and signed). jsonb keeps keys in its own order, so the body is
 * rebuilt in the documented order rather than serialised from what the database returns;
 * the delivery log shows this same string.
 */
export function payloadBody(payload: WebhookPayload): string {
  const { data } = payload;
  return JSON.stringify({
    id: payload.id,
    type: payload.type,
    occurredAt: payload.occurredAt,
    data: {
      id: data.id,
      type: data.type,
      slug: data.slug,
      url: data.url,
      tags: data.tags,
      publishedAt: data.publishedAt,
    },
  });
}
