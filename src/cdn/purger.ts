/**
 * Exact purges at the HTTP cache in front (Varnish with xkey, Fastly, Cloudflare): after each
 * write commits, the keys it touched (the same the response cache drops) are purged at the
 * configured endpoint. Keys of a burst of writes go in one purge; a failed purge is retried
 * with backoff and logged; nothing here ever holds up the write that caused it.
 */
import type { AppEvent } from "../bus/events.js";
import { tagsTouchedBy } from "../cache/invalidation.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { EdgeFormat } from "../read/cache-tags.js";

export interface PurgeTarget {
  /** Varnish: the cache's own address; Fastly: …/service/{id}/purge; Cloudflare: …/zones/{id}/purge_cache. */
  url: string;
  format: EdgeFormat;
  /** Fastly API key or Cloudflare API token (Varnish: none; its VCL trusts the purger's address). */
  token?: string;
}

export interface PurgerOptions {
  /** Every cache to purge (several Varnish nodes each get every purge). */
  targets: readonly PurgeTarget[];
  logger: Logger;
  /** Keys gathered this long go in one purge (a burst of writes is one request). */
  batchMs?: number;
  /** Waits before each retry of a failed purge; after the last, it is given up (and logged). */
  retryDelaysMs?: readonly number[];
  /**
   * Purge the same keys again this long after the first: an answer read just before the commit
   * but stored at the edge just after the first purge is dropped too (0: never).
   */
  repeatAfterMs?: number;
  /** One purge request's time limit. */
  timeoutMs?: number;
}

export const PURGE_DEFAULTS = {
  batchMs: 50,
  retryDelaysMs: [1_000, 5_000, 30_000, 120_000],
  repeatAfterMs: 2_000,
  timeoutMs: 5_000,
} as const;

/** The caches to purge, from the configuration (CDN_PURGE_*): one target per purge URL. */
export function purgeTargets(edge: Config["edge"]): PurgeTarget[] {
  if (!edge?.purgeUrls) return [];
  const { format, token } = edge;
  return edge.purgeUrls.map((url) => ({ url, format, token }));
}

/** The most keys one purge request names: Cloudflare takes 30 tags a call, Fastly 256 keys. */
const KEYS_PER_REQUEST: Record<EdgeFormat, number> = { varnish: 100, fastly: 256, cloudflare: 30 };

/** The HTTP request that purges `keys` at a target, as each cache's API wants it. */
export function purgeRequest(target: PurgeTarget, keys: readonly string[]): RequestInit {
  if (target.format === "varnish") {
    // deploy/varnish/api.vcl: PURGE with the keys in xkey-purge (xkey vmod), space-separated.
    return { method: "PURGE", headers: { "xkey-purge": keys.join(" ") } };
  }
  const json = { "content-type": "application/json", accept: "application/json" };
  if (target.format === "fastly") {
    return {
      method: "POST",
      headers: { ...json, "fastly-key": target.token ?? "" },
      body: JSON.stringify({ surrogate_keys: keys }),
    };
  }
  return {
    method: "POST",
    headers: { ...json, authorization: `Bearer ${target.token ?? ""}` },
    body: JSON.stringify({ tags: keys }),
  };
}

export interface Purger {
  /** Queue the keys a committed write touched (bus listener, local scope: one purge per write). */
  onEvent(event: AppEvent): void;
  /** Send what is queued now and wait for sends in flight (retries still waiting are dropped). */
  close(): Promise<void>;
}

export function createPurger(options: PurgerOptions): Purger {
  const { targets, logger } = options;
  const batchMs = options.batchMs ?? PURGE_DEFAULTS.batchMs;
  const delays = options.retryDelaysMs ?? PURGE_DEFAULTS.retryDelaysMs;
  const repeatAfterMs = options.repeatAfterMs ?? PURGE_DEFAULTS.repeatAfterMs;
  const timeoutMs = options.timeoutMs ?? PURGE_DEFAULTS.timeoutMs;
  const queued = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let flushing: NodeJS.Timeout | null = null;
  let closed = false;

  const later = (ms: number, work: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  /** One request for `keys` to `target`; on failure, the next attempt after its delay. */
  const send = (target: PurgeTarget, keys: string[], attempt: number, repeat: boolean) => {
    const started = Date.now();
    const done = fetch(target.url, {
      ...purgeRequest(target, keys),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    })
      .then(async (response) => {
        await response.body?.cancel();
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const ms = Date.now() - started;
        const what = { purge: keys, at: target.url, status: response.status, attempt, repeat, ms };
        logger.info(what, `cdn: purged ${keys.length} key(s) at ${target.format}`);
      })
      .catch((error: unknown) => {
        const reason = (error as Error).message;
        const delay = delays[attempt - 1];
        const what = { purge: keys, at: target.url, attempt, reason };
        if (closed || delay === undefined) {
          logger.error(what, `cdn: purge failed, given up after ${attempt} attempt(s)`);
          return;
        }
        logger.warn({ ...what, retryInMs: delay }, "cdn: purge failed, will retry");
        later(delay, () => send(target, keys, attempt + 1, repeat));
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };

  const flush = (repeat: boolean, keys = [...queued]) => {
    if (!repeat) {
      flushing = null;
      queued.clear();
    }
    for (const target of targets) {
      const size = KEYS_PER_REQUEST[target.format];
      for (let i = 0; i < keys.length; i += size) send(target, keys.slice(i, i + size), 1, repeat);
    }
    if (!repeat && repeatAfterMs > 0 && !closed) later(repeatAfterMs, () => flush(true, keys));
  };

  return {
    onEvent(event) {
      if (closed) return;
      const keys = tagsTouchedBy(event);
      if (!keys.length) return;
      for (const key of keys) queued.add(key);
      if (flushing === null) {
        flushing = setTimeout(() => flush(false), batchMs);
        flushing.unref();
      }
    },
    async close() {
      closed = true;
      if (flushing !== null) {
        clearTimeout(flushing);
        flush(false);
      }
      for (const timer of timers) clearTimeout(timer);
      if (timers.size)
        logger.warn({ waiting: timers.size }, "cdn: waiting purges dropped at shutdown");
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}
