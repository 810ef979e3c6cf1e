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
  /**
   * Take `count` tokens at once, or none: a document with several votes is admitted whole or
   * refused whole, whatever else runs at the same time (a batch's documents run together).
   */
  take(client: string, now: Date, count?: number): Promise<RateDecision>;
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
  };
}

/** Shared by every instance: one Redis counter per client and window. */
export function redisRateLimiter(
  redis: Redis,
  { limit, windowMs }: RateLimit,
  prefix: string,
): RateLimiter {
  return {
    async take(client, now, count = 1) {
      const t = now.getTime();
      const start = t - (t % windowMs);
      const key = `${prefix}:${start}:${client}`;
      const used = await redis.incrby(key, count);
      if (used === count) await redis.pexpire(key, windowMs + 1_000);
      if (used <= limit) return { ok: true };
      // Refused whole: give the tokens back, so the refusal costs the client nothing.
      await redis.decrby(key, count);
      return { ok: false, retryAfterS: retryAfter(start, windowMs, t) };
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
 * and gets a real 429 with Retry-After. Each castVote in the document takes one token, all of
 * them at once.
 */
export function useVoteRateLimit(limiter: RateLimiter): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const votes = votesIn(operationOf(args.document, args.operationName), args.document);
      if (votes === 0) return;
      const ctx = args.contextValue as Context;
      const decision = await limiter.take(ctx.client, ctx.clock(), votes);
      if (!decision.ok) setResultAndStopExecution({ errors: [rateLimited(decision.retryAfterS)] });
    },
  };
}
