// Placeholder until the webhook sender lands (issue 5, item 7): same signature, does nothing.
import type { Urls } from "../context.js";
import type { Db } from "../db/client.js";
import type { EventBus } from "../events.js";
import type { Logger } from "../logger.js";
import type { Keys } from "../secrets.js";

export interface WebhookOptions {
  db: Db;
  bus: EventBus;
  /** Read when needed: at start-up the keys may still be loading from the database. */
  keys: () => Keys;
  urls: Urls;
  logger: Logger;
  clock: () => Date;
  /** Delays before each retry (default 10 s, 1 min, 5 min, 30 min, 2 h, 6 h). */
  retryDelaysMs?: number[];
  /** How often the sender looks for due deliveries (default 1 s). */
  pollIntervalMs?: number;
  fetch?: typeof fetch;
}

export function startWebhooks(_options: WebhookOptions): { stop(): Promise<void>; idle(): Promise<void> } {
  return { stop: async () => {}, idle: async () => {} };
}
