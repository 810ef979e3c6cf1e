/**
 * The response cache: public query answers kept with the tags of what they read, dropped
 * exactly when a write touches one, never kept past the next embargo; hits answered by the
 * fast lane or before parsing. In one process, or shared by every instance over Redis.
 */
import type { Redis } from "ioredis";
import { type AppEvent, isContentEvent } from "../bus/events.js";
import { nextTransitionAt } from "../content/transitions.js";
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
  /** Keep the next change by the clock current (every instance: cluster scope). */
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
  // The next moment answers change by the clock (an embargo lifts, a poll closes…): no cached
  // answer outlives it. Once it has passed, nothing is kept until the one after is known.
  let nextDue: number | null = null;
  let looking = false;
  let asked = 0;
  const refreshNextDue = () => {
    const ask = ++asked;
    return nextTransitionAt(db, clock())
      .then((at) => {
        if (ask === asked) nextDue = at ? at.getTime() : null;
      })
      .catch((err) => logger.warn({ err: (err as Error).message }, "cache: next change unknown"))
      .finally(() => {
        if (ask === asked) looking = false;
      });
  };
  void refreshNextDue();
  const upcoming = (): number | null => {
    const now = clock().getTime();
    if (nextDue === null || nextDue > now) return nextDue;
    if (!looking) {
      looking = true;
      void refreshNextDue();
    }
    return now;
  };
  // Invalidations in flight: a write answers only once they are done (read-your-writes, also
  // on another instance sharing the Redis store).
  const invalidations = new Set<Promise<unknown>>();
  const writesSettled = async () => {
    await Promise.allSettled(invalidations);
  };
  const plugin = useResponseCache({ store, logger, nextDue: upcoming, clock, writesSettled });
  return {
    plugins: [plugin],
    routes: [
      { name: "answers", matches: (path) => path === "/graphql", fast: fastAnswers(store, clock) },
    ],
    shared: options.redis !== undefined,
    onSchedule(event) {
      // Votes move no transition; entries, polls, events and weekly stats may.
      if (event.kind === "voted") return;
      if (isContentEvent(event) && event.kind === "scheduled" && event.publishedAt) {
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
