import type { Redis } from "ioredis";

/**
 * Delete every key under `prefix` (tests leave nothing behind in the shared Redis). Swept a
 * few times: an invalidation still in flight from a closed instance may write after the first.
 */
export async function clearRedisPrefix(redis: Redis, prefix: string): Promise<void> {
  for (let sweep = 0; sweep < 5; sweep++) {
    const left = await redis.keys(`${prefix}:*`);
    if (left.length === 0) return;
    await redis.del(...left);
    await new Promise((r) => setTimeout(r, 50));
  }
}
