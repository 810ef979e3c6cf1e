import type { AppEvent } from "./events.js";

/**
 * The one bus for what happens to content. Writes publish here after their transaction
 * commits; caches, feeds, subscriptions, WebSub and webhooks listen (see the features in
 * src/app.ts). Listeners must not throw into the writer: errors are reported, not raised.
 */
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
