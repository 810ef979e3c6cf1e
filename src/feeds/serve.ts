/** Serving a feed path through the full pipeline: build (or take from the cache), then answer. */
import { createHash } from "node:crypto";
import type { Db } from "../db/client.js";
import { isConnectionError } from "../db/errors.js";
import type { ReadRoute } from "../db/replica.js";
import type { Logger } from "../logger.js";
import { feedAnswer } from "./answer.js";
import { type FeedCache, RenderedFeed } from "./cache.js";
import { buildFeed, type FeedSettings } from "./documents.js";
import { buildCalendar, CALENDAR_CONTENT_TYPE } from "./ical.js";
import { cacheKeyOf, edgeKeysOf, type FeedPath, parseFeedPath } from "./paths.js";
import { lastModifiedOf } from "./versions.js";
import { FEED_CONTENT_TYPES, renderFeed } from "./writer.js";

export interface FeedServing {
  /** The primary: feed versions (Last-Modified) are written there. */
  db: Db;
  /** Where the documents are read from: the replica while it is usable. */
  reads: ReadRoute;
  settings: FeedSettings;
  cache: FeedCache;
  clock: () => Date;
  logger: Logger;
}

function text(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(`${message}\n`, {
    status,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "cache-control": "no-store",
      ...headers,
    },
  });
}

type Found = Exclude<FeedPath, { kind: "not-found" }>;
type Built = { feed: RenderedFeed } | { notFound: string };

const hashOf = (body: string) => createHash("sha256").update(body).digest("base64url");

/**
 * Render the document a path names (a 404 message when the archive has none). Its
 * Last-Modified is the stored version's (versions.ts), which moves forward on every change;
 * a feed's own `updated` says the same instant.
 */
async function render(s: FeedServing, parsed: Found, now: Date): Promise<Built> {
  const key = cacheKeyOf(parsed);
  if (parsed.kind === "calendar") {
    const built = await s.reads.read((db) => buildCalendar(db, s.settings, parsed.slug, now));
    if (built.kind === "not-found") return { notFound: built.message };
    const since = await lastModifiedOf(s.db, key, hashOf(built.body), built.updated, now);
    const body = Buffer.from(built.body, "utf8");
    const keys = edgeKeysOf(parsed);
    return { feed: new RenderedFeed(body, CALENDAR_CONTENT_TYPE, since, built.validUntil, keys) };
  }
  const { req } = parsed;
  const built = await s.reads.read((db) => buildFeed(db, s.settings, req, now));
  if (built.kind === "not-found") return { notFound: built.message };
  let text = renderFeed(built.doc, req.format);
  const since = await lastModifiedOf(s.db, key, hashOf(text), built.doc.updated, now);
  if (since.getTime() !== built.doc.updated.getTime())
    text = renderFeed({ ...built.doc, updated: since }, req.format);
  const type = FEED_CONTENT_TYPES[req.format];
  const bytes = Buffer.from(text, "utf8");
  return { feed: new RenderedFeed(bytes, type, since, built.validUntil, edgeKeysOf(parsed)) };
}

/** Never a stack trace: a lost database is a 503 with Retry-After, anything else a plain 500. */
function failure(s: FeedServing, error: unknown, path: string): Response {
  const down = isConnectionError(error);
  s.logger.error({ err: (error as Error).message, path }, "feed: could not build");
  return down
    ? text(503, "The database is temporarily unavailable; try again shortly.", {
        "retry-after": "2",
      })
    : text(500, "Internal error.");
}

/** Serve a /feeds path with caching, validators, compression and conditional GET. */
export async function serveFeed(s: FeedServing, request: Request, url: URL): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    const message = `Feeds answer GET and HEAD only, not ${request.method}.`;
    return text(405, message, { allow: "GET, HEAD" });
  }
  const parsed = parseFeedPath(url.pathname);
  if (parsed.kind === "not-found") return text(404, parsed.message);
  const now = s.clock();
  let notFound: string | null = null;
  let feed: RenderedFeed | null;
  try {
    feed = await s.cache.get(cacheKeyOf(parsed), now, async () => {
      const built = await render(s, parsed, now);
      if ("feed" in built) return built.feed;
      notFound = built.notFound;
      return null;
    });
  } catch (error) {
    return failure(s, error, url.pathname);
  }
  if (!feed) return text(404, notFound ?? "No such feed.");
  const ask = {
    method: request.method,
    pathname: url.pathname,
    header: (name: string) => request.headers.get(name),
  };
  const answer = feedAnswer(feed, ask, s.settings);
  const body = answer.body ? new Uint8Array(answer.body) : null;
  return new Response(body, { status: answer.status, headers: answer.headers });
}
