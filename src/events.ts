import type { ContentType } from "./db/repos/content.js";

/**
 * The one bus for what happens to content. Editorial writes publish here after their
 * transaction commits; the feed cache, the response cache, subscriptions, WebSub and
 * webhooks listen. Listeners must not throw into the writer: errors are reported, not raised.
 */
export type ContentEventKind = "published" | "updated" | "unpublished" | "deleted" | "scheduled";

/** The kinds partners and subscribers hear about; "scheduled" is internal (an embargo must not leak). */
export const PUBLIC_CONTENT_EVENTS: readonly ContentEventKind[] = [
  "published",
  "updated",
  "unpublished",
  "deleted",
];

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

export function isContentEvent(event: AppEvent): event is ContentEvent {
  return event.kind !== "voted" && event.kind !== "shared-data-changed";
}

/** A content change the public can see (not an internal scheduling notice). */
export function isPublicContentEvent(event: AppEvent): event is ContentEvent {
  return isContentEvent(event) && PUBLIC_CONTENT_EVENTS.includes(event.kind);
}
export type Listener = (event: AppEvent) => void | Promise<void>;

export class EventBus {
  private listeners = new Set<Listener>();

  constructor(
    private readonly onListenerError: (error: unknown, event: AppEvent) => void = () => {},
  ) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Deliver to every listener; a failing listener never affects the others or the caller. */
  publish(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        const result = listener(event);
        if (result instanceof Promise) result.catch((error) => this.onListenerError(error, event));
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
