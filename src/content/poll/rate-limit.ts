/** The per-client vote limit: fixed-window counters (in memory or shared in Redis) and the
 * plugin that applies them before a vote executes. */
import type { DocumentNode, OperationDefinitionNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Redis } from "ioredis";
import { rateLimited } from "../../errors.js";
import type { Context } from "../../graphql/context.js";
import { operationOf, visitFields } from "../../graphql/operations.js";

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

/**
 * How many castVote fields the operation about to run holds: aliases count once each, and
 * fields reached through fragment spreads or inline fragments count too.
 */
function votesIn(operation: OperationDefinitionNode | undefined, document: DocumentNode): number {
  if (operation?.operation !== "mutation") return 0;
  let n = 0;
  visitFields(document, operation.selectionSet, (field) => {
    if (field.name.value === "castVote") n++;
    return "skip";
  });
  return n;
}

/**
 * Per-client vote limit, checked before anything executes so a limited request costs no SQL
 * and gets a real 429 with Retry-After. Each castVote in the document takes one token.
 */
export function useVoteRateLimit(limiter: RateLimiter): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const votes = votesIn(operationOf(args.document, args.operationName), args.document);
      const ctx = args.contextValue as Context;
      for (let i = 0; i < votes; i++) {
        const decision = await limiter.take(ctx.client, new Date());
        if (!decision.ok) {
          setResultAndStopExecution({ errors: [rateLimited(decision.retryAfterS)] });
          return;
        }
      }
    },
  };
}
