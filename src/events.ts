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

/**
 * Where a listener hears events: "local" hears what this instance publishes (side effects
 * that must happen once: webhooks, WebSub pings); "cluster" also hears what other instances
 * publish through the transport (caches, subscriptions), when one is connected.
 */
export type Scope = "local" | "cluster";

/** Carries events between instances (Redis); absent, the bus is one process. */
export interface BusTransport {
  publish(event: AppEvent): void;
  onMessage(handler: (event: AppEvent) => void): void;
  close(): Promise<void>;
}

export class EventBus {
  private listeners = new Map<Listener, Scope>();

  constructor(
    private readonly onListenerError: (error: unknown, event: AppEvent) => void = () => {},
    private readonly transport?: BusTransport,
  ) {
    transport?.onMessage((event) => this.deliver(event, "remote"));
  }

  subscribe(listener: Listener, scope: Scope = "local"): () => void {
    this.listeners.set(listener, scope);
    return () => this.listeners.delete(listener);
  }

  /** Deliver here (every listener), and to other instances' cluster listeners. */
  publish(event: AppEvent): void {
    this.deliver(event, "here");
    this.transport?.publish(event);
  }

  /** A failing listener never affects the others or the publisher. */
  private deliver(event: AppEvent, origin: "here" | "remote"): void {
    for (const [listener, scope] of this.listeners) {
      if (origin === "remote" && scope !== "cluster") continue;
      try {
        const result = listener(event);
        if (result instanceof Promise) result.catch((error) => this.onListenerError(error, event));
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }

  async close(): Promise<void> {
    await this.transport?.close();
  }
}
