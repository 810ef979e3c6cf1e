/**
 * HTTP caching of GraphQL answers: what a browser or a CDN may keep. Public query answers over
 * GET are shareable for the same minute as feeds (a lifetime that never follows an embargo or
 * a poll's closing, so it cannot reveal when one is due), with a strong ETag and 304 on
 * If-None-Match, and the keys of what they read (Surrogate-Key…) for exact purges; answers
 * shaped by a token, a preview or a voter key are `private, no-store`; everything else
 * (writes, errors, subscriptions, POST) is `no-store`.
 */
import { createHash } from "node:crypto";
import type { Plugin } from "graphql-yoga";
import { PERSONAL_HEADERS } from "../cache/key.js";
import { tagsOfHit } from "../cache/plugin.js";
import { CACHE_CONTROL, matchesEtag } from "../feeds/answer.js";
import type { Context } from "../graphql/context.js";
import { operationOf } from "../graphql/operations.js";
import { type CacheTags, type EdgeFormat, edgeKeyHeaders } from "../read/cache-tags.js";

/** The feeds' lifetime: a minute, then revalidate; stale only on errors. */
export const PUBLIC_CACHE_CONTROL = CACHE_CONTROL;
export const PRIVATE_CACHE_CONTROL = "private, no-store";
/**
 * A public answer no write would purge exactly (it read more than its keys can name, or what
 * it shows moves with every commit: the changes feed): caches keep it only to revalidate.
 */
export const REVALIDATE_CACHE_CONTROL = "public, no-cache";

type Verdict = "public" | "private" | "uncacheable";

const verdicts = new WeakMap<Request, Verdict>();
/** What an executed answer was read from. */
const readFrom = new WeakMap<Request, CacheTags>();

/** Who an executed operation's answer may be shared with. */
function verdictOf(ctx: Context, operation: string | undefined): Verdict {
  if (ctx.viewer.kind !== "anonymous" || ctx.reader.voter !== null) return "private";
  return operation === "query" ? "public" : "uncacheable";
}

/** A strong validator of the exact bytes. */
const etagOf = (body: string) =>
  `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;

/** Vary on what changes a GraphQL answer besides its URL: the media type and who is asking. */
function addVary(headers: Headers) {
  const present = new Set(
    (headers.get("vary") ?? "")
      .split(",")
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean),
  );
  for (const name of ["accept", ...PERSONAL_HEADERS]) present.add(name);
  headers.set("vary", [...present].join(", "));
}

/** The path of a request URL; null for one the URL parser refuses (a forged Host). */
function pathOf(url: string): string | null {
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}

/**
 * The key headers of a public answer, from what execution recorded or what the response cache
 * stored with a hit; null when shared caches cannot be told exactly when it changes.
 */
function keyHeadersOf(request: Request, format: EdgeFormat | undefined) {
  const hit = tagsOfHit(request);
  if (hit) return edgeKeyHeaders(hit, format);
  const tags = readFrom.get(request);
  if (tags?.expiresAt === 0) return null;
  return edgeKeyHeaders(tags?.keys ?? [], format);
}

export function useHttpCaching(endpoint: string, edgeFormat?: EdgeFormat): Plugin<Context> {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue as Context & { request: Request };
      const operation = operationOf(args.document, args.operationName)?.operation;
      verdicts.set(ctx.request, verdictOf(ctx, operation));
      readFrom.set(ctx.request, ctx.reader.cacheTags);
      return {
        onExecuteDone({ result }) {
          if (result && !(Symbol.asyncIterator in result) && result.errors?.length)
            verdicts.set(ctx.request, "uncacheable");
        },
      };
    },
    async onResponse({ request, response, setResponse }) {
      // GraphQL answers only: not the GraphiQL page, which keeps its own lifetime.
      const type = response.headers.get("content-type") ?? "";
      if (pathOf(request.url) !== endpoint || !/json|event-stream/.test(type)) return;
      // A response-cache hit answered before execution is a public query's stored answer.
      const verdict =
        verdicts.get(request) ?? (response.headers.get("x-cache") === "HIT" ? "public" : null);
      if (verdict === "private") {
        response.headers.set("cache-control", PRIVATE_CACHE_CONTROL);
        return;
      }
      if (verdict !== "public" || request.method !== "GET" || response.status !== 200) {
        response.headers.set("cache-control", "no-store");
        return;
      }
      const etag = etagOf(await response.clone().text());
      const keys = keyHeadersOf(request, edgeFormat);
      response.headers.set("cache-control", keys ? PUBLIC_CACHE_CONTROL : REVALIDATE_CACHE_CONTROL);
      for (const [name, value] of Object.entries(keys ?? {})) response.headers.set(name, value);
      response.headers.set("etag", etag);
      addVary(response.headers);
      const ifNoneMatch = request.headers.get("if-none-match");
      if (ifNoneMatch !== null && matchesEtag(ifNoneMatch, etag)) {
        const headers = new Headers(response.headers);
        headers.delete("content-type");
        headers.delete("content-length");
        setResponse(new Response(null, { status: 304, headers }));
      }
    },
  };
}
