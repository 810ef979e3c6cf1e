import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import type { BusTransport } from "./bus.js";
import type { AppEvent } from "./events.js";

const DATE_FIELDS = ["at", "publishedAt"] as const;

/** Events as JSON; dates travel as ISO strings and come back as Dates. */
function revive(json: string): AppEvent {
  const event = JSON.parse(json) as Record<string, unknown>;
  for (const key of DATE_FIELDS) {
    if (typeof event[key] === "string") event[key] = new Date(event[key] as string);
  }
  return event as unknown as AppEvent;
}

/**
 * The event bus across instances: one Redis channel, a publishing and a subscribing
 * connection, each message tagged with its sender so an instance ignores its own.
 */
export async function connectRedisTransport(
  url: string,
  logger: Logger,
  channel: string,
): Promise<BusTransport> {
  const instance = randomUUID();
  const options = { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true };
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, options);
  for (const [name, client] of [
    ["publisher", publisher],
    ["subscriber", subscriber],
  ] as const) {
    client.on("error", (err: Error) =>
      logger.warn({ err: err.message, client: name }, "redis: connection problem"),
    );
  }
  await Promise.all([publisher.connect(), subscriber.connect()]);
  await subscriber.subscribe(channel);
  let handler: (event: AppEvent) => void = () => {};
  subscriber.on("message", (_channel: string, message: string) => {
    try {
      const { from, event } = JSON.parse(message) as { from: string; event: string };
      if (from !== instance) handler(revive(event));
    } catch (error) {
      logger.warn({ err: (error as Error).message }, "redis: ignoring a malformed event");
    }
  });
  return {
    publish(event) {
      publisher
        .publish(channel, JSON.stringify({ from: instance, event: JSON.stringify(event) }))
        .catch((err: Error) => {
          logger.error({ err: err.message }, "redis: could not broadcast an event");
        });
    },
    onMessage(h) {
      handler = h;
    },
    async close() {
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
  };
}
