/**
 * Per-client fixed-window counters, in memory (one process) or shared in Redis (every
 * instance): the vote limit (src/content/poll/rate-limit.ts) and the /admin sign-in limit use them.
 * Below the features that use them: nothing here knows HTTP or GraphQL.
 */
import type { Redis } from "ioredis";

export type RateDecision = { ok: true } | { ok: false; retryAfterS: number };

/** At most `limit` actions per client in each window of `windowMs` (fixed windows). */
export interface RateLimiter {
  /**
   * Take `count` tokens at once, or none: a document with several votes is admitted whole or
   * refused whole, whatever else runs at the same time (a batch's documents run together).
   */
  take(client: string, now: Date, count?: number): Promise<RateDecision>;
  /** Give back tokens taken at `now` (an attempt that turned out not to count). */
  refund(client: string, now: Date, count?: number): Promise<void>;
}

export interface RateLimit {
  limit: number;
  windowMs: number;
}

const retryAfter = (windowStart: number, windowMs: number, now: number) =>
  Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));

/** One process: counts in memory, forgotten as windows pass. */
export function memoryRateLimiter({ limit, windowMs }: RateLimit): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = 0;
  return {
    async take(client, now, count = 1) {
      const t = now.getTime();
      const start = t - (t % windowMs);
      if (start !== lastSweep) {
        // New window: drop every old counter so memory stays bounded by active clients.
        for (const [key, w] of windows) if (w.start < start) windows.delete(key);
        lastSweep = start;
      }
      const used = windows.get(client);
      const w = used && used.start === start ? used : { start, count: 0 };
      if (w.count + count > limit)
        return { ok: false, retryAfterS: retryAfter(start, windowMs, t) };
      w.count += count;
      windows.set(client, w);
      return { ok: true };
    },
    async refund(client, now, count = 1) {
      const t = now.getTime();
      const w = windows.get(client);
      if (w && w.start === t - (t % windowMs)) w.count = Math.max(0, w.count - count);
    },
  };
}

/** Shared by every instance: one Redis counter per client and window. */
export function redisRateLimiter(
  redis: Redis,
  { limit, windowMs }: RateLimit,
  prefix: string,
): RateLimiter {
  const keyOf = (client: string, t: number) => `${prefix}:${t - (t % windowMs)}:${client}`;
  return {
    async take(client, now, count = 1) {
      const t = now.getTime();
      const start = t - (t % windowMs);
      const key = keyOf(client, t);
      const used = await redis.incrby(key, count);
      if (used === count) await redis.pexpire(key, windowMs + 1_000);
      if (used <= limit) return { ok: true };
      // Refused whole: give the tokens back, so the refusal costs the client nothing.
      await redis.decrby(key, count);
      return { ok: false, retryAfterS: retryAfter(start, windowMs, t) };
    },
    async refund(client, now, count = 1) {
      await redis.decrby(keyOf(client, now.getTime()), count);
    },
  };
}
