import type { ContentEvent } from "../bus/events.js";
import { encodeEntryId } from "../read/ids.js";
import { entryUrl, type Urls } from "../read/urls.js";
import type { ContentType } from "../registry.js";
import { ENTRY_KEY_ORDER, type WebhookEntry } from "./entry.js";
import { eventTypeOf } from "./event-types.js";
import { inKeyOrder, type KeyOrder } from "./key-order.js";

interface Body {
  /** The delivery id (also `x-webhook-delivery-id`): the same on every retry, so partners can dedupe. */
  id: string;
  /** "announcement.published", …, or "ping". */
  type: string;
  /** When the change took effect (a ping: when it was asked for), ISO 8601. */
  occurredAt: string;
  /** On a redelivery only: the id of the delivery whose body it sends again. */
  redeliveryOf?: string;
}

/** The JSON body of a content event's delivery, as documented in docs/webhooks.md. */
export interface ContentPayload extends Body {
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

/** The body of `testWebhook`'s ping: which endpoint was asked to answer. */
export interface PingPayload extends Body {
  type: "ping";
  data: { webhook: { id: string; url: string; eventTypes: string[] } };
}

export type WebhookPayload = ContentPayload | PingPayload;

/** The documented order of a body's keys; the first six of `data` predate `entry`. */
const BODY_KEY_ORDER: KeyOrder = [
  "id",
  "type",
  "occurredAt",
  [
    "data",
    [
      "id",
      "type",
      "slug",
      "url",
      "tags",
      "publishedAt",
      ["entry", ENTRY_KEY_ORDER],
      ["webhook", ["id", "url", "eventTypes"]],
    ],
  ],
  "redeliveryOf",
];

/**
 * The payload of an event, without the delivery id: that id only exists once the row is
 * inserted, and the repository adds it in the same statement.
 */
export function eventPayload(
  event: ContentEvent,
  urls: Urls,
  entry: WebhookEntry,
): Omit<ContentPayload, "id"> {
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

/** A ping's payload, without the delivery id (added as the row is inserted). */
export function pingPayload(
  webhook: { id: number; url: string; eventTypes: string[] },
  at: Date,
): Omit<PingPayload, "id"> {
  const { url, eventTypes } = webhook;
  return {
    type: "ping",
    occurredAt: at.toISOString(),
    data: { webhook: { id: String(webhook.id), url, eventTypes } },
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
