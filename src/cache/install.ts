/**
 * The response cache: public query answers kept with the tags of what they read, dropped
 * exactly when a write touches one, never kept past the next embargo; hits answered by the
 * fast lane or before parsing. In one process, or shared by every instance over Redis.
 */
import type { Redis } from "ioredis";
import { type AppEvent, isContentEvent } from "../bus/events.js";
import { nextDueAt } from "../content/entry/lifecycle-store.js";
import type { Db } from "../db/client.js";
import type { Feature, Route } from "../feature.js";
import type { Logger } from "../logger.js";
import { fastAnswers } from "./fast.js";
import { tagsTouchedBy } from "./invalidation.js";
import { useResponseCache } from "./plugin.js";
import { memoryResponseStore, type ResponseStore, redisResponseStore } from "./store.js";

export interface ResponseCacheOptions {
  db: Db;
  /** Shared store (absent: in this process). */
  redis?: Redis;
  redisPrefix: string;
  clock: () => Date;
  logger: Logger;
}

export interface ResponseCache extends Feature {
  routes: Route[];
  /** Keep the next embargo current (every instance: cluster scope). */
  onSchedule(event: AppEvent): void;
  /** Drop what a write touched (once per write: local scope when the store is shared). */
  onWrite(event: AppEvent): Promise<void>;
  /** Whether `onWrite` must hear other instances' writes too (a store in this process). */
  shared: boolean;
}

export function installResponseCache(options: ResponseCacheOptions): ResponseCache {
  const { db, clock, logger } = options;
  const store: ResponseStore = options.redis
    ? redisResponseStore(options.redis, `${options.redisPrefix}:rc`)
    : memoryResponseStore();
  // The next embargo to lift: no cached answer outlives it.
  let nextDue: number | null = null;
  const refreshNextDue = () =>
    nextDueAt(db)
      .then((at) => {
        nextDue = at ? at.getTime() : null;
      })
      .catch(() => {});
  void refreshNextDue();
  // Invalidations in flight: a write answers only once they are done (read-your-writes, also
  // on another instance sharing the Redis store).
  const invalidations = new Set<Promise<unknown>>();
  const writesSettled = async () => {
    await Promise.allSettled(invalidations);
  };
  const plugin = useResponseCache({ store, logger, nextDue: () => nextDue, clock, writesSettled });
  return {
    plugins: [plugin],
    routes: [
      { name: "answers", matches: (path) => path === "/graphql", fast: fastAnswers(store, clock) },
    ],
    shared: options.redis !== undefined,
    onSchedule(event) {
      if (!isContentEvent(event)) return;
      if (event.kind === "scheduled" && event.publishedAt) {
        nextDue = Math.min(nextDue ?? Number.POSITIVE_INFINITY, event.publishedAt.getTime());
      } else void refreshNextDue();
    },
    async onWrite(event) {
      const touched = tagsTouchedBy(event);
      if (!touched.length) return;
      const done: Promise<unknown> = store
        .invalidate(touched)
        .finally(() => invalidations.delete(done));
      invalidations.add(done);
      await done;
    },
  };
}
