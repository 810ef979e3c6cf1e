import type { Redis } from "ioredis";

export type RateDecision = { ok: true } | { ok: false; retryAfterS: number };

/** At most `limit` actions per client in each window of `windowMs` (fixed windows). */
export interface RateLimiter {
  take(client: string, now: Date): Promise<RateDecision>;
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
    async take(client, now) {
      const t = now.getTime();
      const start = t - (t % windowMs);
      if (start !== lastSweep) {
        // New window: drop every old counter so memory stays bounded by active clients.
        for (const [key, w] of windows) if (w.start < start) windows.delete(key);
        lastSweep = start;
      }
      const w = windows.get(client);
      if (!w || w.start !== start) {
        windows.set(client, { start, count: 1 });
        return { ok: true };
      }
      w.count++;
      return w.count <= limit
        ? { ok: true }
        : { ok: false, retryAfterS: retryAfter(start, windowMs, t) };
    },
  };
}

/** Shared by every instance: one Redis counter per client and window. */
export function redisRateLimiter(
  redis: Redis,
  { limit, windowMs }: RateLimit,
  prefix: string,
): RateLimiter {
  return {
    async take(client, now) {
      const t = now.getTime();
      const start = t - (t % windowMs);
      const key = `${prefix}:${start}:${client}`;
      const count = await redis.incr(key);
      if (count === 1) await redis.pexpire(key, windowMs + 1_000);
      return count <= limit
        ? { ok: true }
        : { ok: false, retryAfterS: retryAfter(start, windowMs, t) };
    },
  };
}
