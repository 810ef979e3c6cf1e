import type { ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";
import { DEFAULTS } from "../config.js";
import type { Context } from "../graphql/context.js";
import { operationOf } from "../graphql/operations.js";
import type { Logger } from "../logger.js";
import { cacheKey, type Params, PERSONAL_HEADERS } from "./key.js";
import type { ResponseStore } from "./store.js";

export interface ResponseCachePluginOptions {
  store: ResponseStore;
  /** Longest an answer is kept even if nothing invalidates it (default 5 minutes). */
  maxTtlMs?: number;
  /** When the next scheduled entry goes live (no answer may outlive it), if any. */
  nextDue: () => number | null;
  /** The application clock (tests move it): decides what has expired. */
  clock: () => Date;
  logger: Logger;
  /** Resolves once the invalidations the writes so far started are done. */
  writesSettled?: () => Promise<void>;
}

/** Only anonymous public reads: never editors, previews, or answers shaped by a voter key. */
function cacheable(ctx: Context): boolean {
  return ctx.viewer.kind === "anonymous" && ctx.reader.voter === null;
}

const started = new WeakMap<Context, { key: string; version: number }>();
const statusOf = new WeakMap<Request, "HIT" | "MISS">();
/** Requests whose key was looked up (and missed) before execution. */
const looked = new WeakSet<Request>();

/**
 * Caches public query answers keyed by (query, variables, operation name), each stored with
 * the dependencies its resolvers recorded (entries read, lists run) and dropped exactly when a
 * write touches one of them (see install.ts). Sends `x-cache: HIT`.
 */
export function useResponseCache(options: ResponseCachePluginOptions): Plugin<Context> {
  const { store, logger } = options;
  const maxTtlMs = options.maxTtlMs ?? DEFAULTS.graphql.responseCacheMaxTtlMs;
  return {
    // A hit is answered here, before parsing, validation, limits and context: the stored answer
    // of the same document, variables and operation name, which were a cacheable query.
    async onParams({ params, request, setResult }) {
      if (PERSONAL_HEADERS.some((h) => request.headers.has(h))) return;
      const key = cacheKey(params);
      if (!key) return;
      try {
        const hit = await store.get(key, options.clock().getTime());
        if (hit) {
          statusOf.set(request, "HIT");
          setResult(JSON.parse(hit) as ExecutionResult);
        } else looked.add(request);
      } catch (error) {
        logger.warn(
          { err: (error as Error).message },
          "response cache unavailable; answering uncached",
        );
      }
    },
    async onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as Context & { params?: Params; request: Request };
      const operation = operationOf(args.document, args.operationName);
      // A write (editor or vote) answers after the cache has dropped what it changed, so the
      // writer's next read, on any instance, is fresh.
      if (operation?.operation === "mutation" && options.writesSettled) {
        const settled = options.writesSettled;
        return { onExecuteDone: () => settled() };
      }
      if (!cacheable(ctx) || !operation || operation.operation !== "query" || !ctx.params?.query)
        return;
      const key = cacheKey(ctx.params);
      if (!key) return;
      const now = ctx.clock().getTime();
      try {
        // Asked already in onParams (a miss) unless that was skipped (e.g. persisted ids).
        const hit = looked.has(ctx.request) ? null : await store.get(key, now);
        if (hit) {
          statusOf.set(ctx.request, "HIT");
          setResultAndStopExecution(JSON.parse(hit) as ExecutionResult);
          return;
        }
        started.set(ctx, { key, version: await store.version() });
        statusOf.set(ctx.request, "MISS");
      } catch (error) {
        logger.warn(
          { err: (error as Error).message },
          "response cache unavailable; answering uncached",
        );
      }
      return {
        async onExecuteDone({ result }) {
          const pending = started.get(ctx);
          if (!pending || !result || Symbol.asyncIterator in result || result.errors?.length)
            return;
          try {
            // Computed across an invalidation: it may hold what was just changed.
            if ((await store.version()) !== pending.version) return;
            const due = options.nextDue();
            const expiresAt = Math.min(
              now + maxTtlMs,
              ctx.reader.cacheTags.expiresAt ?? Number.POSITIVE_INFINITY,
              due !== null && due > now ? due : Number.POSITIVE_INFINITY,
            );
            await store.set(
              pending.key,
              { body: JSON.stringify(result), deps: [...ctx.reader.cacheTags.keys], expiresAt },
              now,
            );
          } catch (error) {
            logger.warn(
              { err: (error as Error).message },
              "response cache: could not store an answer",
            );
          }
        },
      };
    },
    onResponse({ request, response }) {
      const status = statusOf.get(request);
      if (status) response.headers.set("x-cache", status);
    },
  };
}
