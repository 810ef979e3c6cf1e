import type { Redis } from "ioredis";
import pLimit from "p-limit";
import type { Feature } from "../../feature.js";
import type { VoteSettings } from "../../graphql/context.js";
import { memoryRateLimiter, type RateLimit, redisRateLimiter } from "../../limits/rate-limiter.js";
import { useVoteRateLimit } from "./rate-limit.js";

export interface PollsOptions {
  /** Shared limits across instances (absent: per process). */
  redis?: Redis;
  redisPrefix: string;
  /** Votes per client per window. */
  rateLimit: RateLimit;
  /** Votes in flight at once on this instance. */
  concurrency: number;
  /** Tests only: decide "open" by this clock instead of the database's. */
  clock?: () => Date;
}

/** Voting: the per-client limit (checked before execution) and how votes run on this instance. */
export function installPolls(options: PollsOptions): Feature & { votes: VoteSettings } {
  const limiter = options.redis
    ? redisRateLimiter(options.redis, options.rateLimit, `${options.redisPrefix}:rate:vote`)
    : memoryRateLimiter(options.rateLimit);
  const gate = pLimit(Math.max(1, options.concurrency));
  return {
    plugins: [useVoteRateLimit(limiter)],
    votes: { run: (work) => gate(work), clock: options.clock },
  };
}
