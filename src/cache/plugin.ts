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

const statusOf = new WeakMap<Request, "HIT" | "MISS">();
/** The tags of the stored answer a request was answered with. */
const hitTags = new WeakMap<Request, readonly string[]>();

/** What a response-cache hit was read from (undefined: the request was no hit). */
export const tagsOfHit = (request: Request) => hitTags.get(request);
/** Requests whose key was looked up (and missed) before execution. */
const looked = new WeakSet<Request>();

type Execution = Context & { params?: Params; request: Request };

/** The store, with a failing store read as "uncached" and said in the log. */
function guarded(options: ResponseCachePluginOptions) {
  return async <T>(work: () => Promise<T>, what: string): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      options.logger.warn({ err: (error as Error).message }, what);
      return undefined;
    }
  };
}

/** Store a fresh answer with what it read, until it could first change. */
async function keep(
  options: ResponseCachePluginOptions,
  ctx: Execution,
  pending: { key: string; version: number; now: number },
  result: ExecutionResult,
): Promise<void> {
  const { store } = options;
  // Computed across an invalidation: it may hold what was just changed.
  if ((await store.version()) !== pending.version) return;
  const { now } = pending;
  const due = options.nextDue();
  const expiresAt = Math.min(
    now + (options.maxTtlMs ?? DEFAULTS.graphql.responseCacheMaxTtlMs),
    ctx.reader.cacheTags.expiresAt ?? Number.POSITIVE_INFINITY,
    due ?? Number.POSITIVE_INFINITY,
  );
  // A transition is due or not yet known: the answer may already be stale.
  if (expiresAt <= now) return;
  const deps = [...ctx.reader.cacheTags.keys];
  await store.set(pending.key, { body: JSON.stringify(result), deps, expiresAt }, now);
}

/**
 * Caches public query answers keyed by (query, variables, operation name), each stored with
 * the tags its resolvers recorded (entries read, lists run) and dropped exactly when a write
 * touches one of them (see install.ts). Sends `x-cache: HIT` or `MISS`.
 */
export function useResponseCache(options: ResponseCachePluginOptions): Plugin<Context> {
  const { store } = options;
  const safely = guarded(options);
  const unavailable = "response cache unavailable; answering uncached";
  return {
    // A hit is answered here, before parsing, validation, limits and context: the stored answer
    // of the same document, variables and operation name, which were a cacheable query.
    async onParams({ params, request, setResult }) {
      if (PERSONAL_HEADERS.some((h) => request.headers.has(h))) return;
      const key = cacheKey(params);
      if (!key) return;
      const hit = await safely(() => store.get(key, options.clock().getTime()), unavailable);
      if (hit) {
        statusOf.set(request, "HIT");
        hitTags.set(request, hit.deps);
        setResult(JSON.parse(hit.body) as ExecutionResult);
      } else if (hit === null) looked.add(request);
    },
    async onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as Execution;
      const operation = operationOf(args.document, args.operationName);
      // A write (editor or vote) answers after the cache has dropped what it changed, so the
      // writer's next read, on any instance, is fresh.
      const settled = options.writesSettled;
      if (operation?.operation === "mutation" && settled) return { onExecuteDone: () => settled() };
      if (!cacheable(ctx) || operation?.operation !== "query" || !ctx.params?.query) return;
      const key = cacheKey(ctx.params);
      if (!key) return;
      const now = ctx.clock().getTime();
      // Asked already in onParams (a miss) unless that was skipped (e.g. persisted ids).
      const hit = looked.has(ctx.request)
        ? null
        : await safely(() => store.get(key, now), unavailable);
      if (hit) {
        statusOf.set(ctx.request, "HIT");
        hitTags.set(ctx.request, hit.deps);
        setResultAndStopExecution(JSON.parse(hit.body) as ExecutionResult);
        return;
      }
      const version = await safely(() => store.version(), unavailable);
      if (version === undefined) return;
      statusOf.set(ctx.request, "MISS");
      return {
        async onExecuteDone({ result }) {
          if (!result || Symbol.asyncIterator in result || result.errors?.length) return;
          const pending = { key, version, now };
          await safely(
            () => keep(options, ctx, pending, result),
            "response cache: could not store an answer",
          );
        },
      };
    },
    onResponse({ request, response }) {
      const status = statusOf.get(request);
      if (status) response.headers.set("x-cache", status);
    },
  };
}
