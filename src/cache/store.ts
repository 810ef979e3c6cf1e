import type { Redis } from "ioredis";
import { LRUCache } from "lru-cache";

/** A cached GraphQL result (serialised) and what it depends on. */
export interface CachedAnswer {
  body: string;
  deps: string[];
  expiresAt: number;
}

/** A stored answer as a hit returns it: the body and the tags it was read from. */
export interface StoredAnswer {
  body: string;
  deps: readonly string[];
}

export interface ResponseStore {
  get(key: string, now: number): Promise<StoredAnswer | null>;
  set(key: string, answer: CachedAnswer, now: number): Promise<void>;
  /** Drop every answer that depends on any of `deps`; returns how many were dropped. */
  invalidate(deps: readonly string[]): Promise<number>;
  /** Moves on every invalidation: an answer computed across one must not be stored. */
  version(): Promise<number>;
}

/** One instance: an LRU of answers plus a reverse index dependency → keys. */
export function memoryResponseStore(max = 10_000): ResponseStore {
  const byDep = new Map<string, Set<string>>();
  let version = 0;
  const answers = new LRUCache<string, CachedAnswer>({
    max,
    dispose: (answer, key) => {
      for (const dep of answer.deps) {
        const keys = byDep.get(dep);
        keys?.delete(key);
        if (keys?.size === 0) byDep.delete(dep);
      }
    },
  });
  return {
    async get(key, now) {
      const hit = answers.get(key);
      if (!hit) return null;
      if (hit.expiresAt <= now) {
        answers.delete(key);
        return null;
      }
      return hit;
    },
    async set(key, answer) {
      answers.set(key, answer);
      for (const dep of answer.deps) {
        const keys = byDep.get(dep) ?? new Set<string>();
        keys.add(key);
        byDep.set(dep, keys);
      }
    },
    async invalidate(deps) {
      version++;
      let dropped = 0;
      for (const dep of deps) {
        for (const key of [...(byDep.get(dep) ?? [])]) if (answers.delete(key)) dropped++;
      }
      return dropped;
    },
    async version() {
      return version;
    },
  };
}

/**
 * A Redis value: the tags, space-separated, a newline, then the body (serialised JSON has no
 * raw newline). A value written before tags were kept is the body alone: no tags known.
 */
function fromRedis(value: string | null): StoredAnswer | null {
  if (value === null) return null;
  if (value.startsWith("{")) return { body: value, deps: [] };
  const newline = value.indexOf("\n");
  const tags = value.slice(0, newline);
  return { body: value.slice(newline + 1), deps: tags ? tags.split(" ") : [] };
}

/**
 * Shared by every instance: answers as Redis strings with a TTL, the reverse index as sets
 * (answer and index written in one MULTI), and a version counter bumped by invalidations.
 */
export function redisResponseStore(redis: Redis, prefix: string): ResponseStore {
  return {
    async get(key) {
      return fromRedis(await redis.get(`${prefix}:a:${key}`));
    },
    async set(key, answer, now) {
      const ttl = Math.max(1, answer.expiresAt - now);
      const value = `${answer.deps.join(" ")}\n${answer.body}`;
      const multi = redis.multi().set(`${prefix}:a:${key}`, value, "PX", ttl);
      for (const dep of answer.deps)
        multi.sadd(`${prefix}:d:${dep}`, key).pexpire(`${prefix}:d:${dep}`, ttl + 60_000);
      await multi.exec();
    },
    async invalidate(deps) {
      await redis.incr(`${prefix}:version`);
      let dropped = 0;
      for (const dep of deps) {
        const setKey = `${prefix}:d:${dep}`;
        const keys = await redis.smembers(setKey);
        if (keys.length) dropped += await redis.del(...keys.map((k) => `${prefix}:a:${k}`));
        await redis.del(setKey);
      }
      return dropped;
    },
    async version() {
      return Number((await redis.get(`${prefix}:version`)) ?? 0);
    },
  };
}
