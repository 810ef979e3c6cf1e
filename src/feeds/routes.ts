import type { Plugin } from "graphql-yoga";
import { isConnectionError } from "../db/availability.js";
import type { Db } from "../db/client.js";
import type { Logger } from "../logger.js";
import { type FeedCache, RenderedFeed } from "./cache.js";
import { buildFeed, type FeedRequest, type FeedSettings } from "./documents.js";
import { buildCalendar, CALENDAR_CONTENT_TYPE } from "./ical.js";
import type { FeedFormat } from "./model.js";
import { type Stream, streamPath, TYPE_STREAMS } from "./streams.js";
import { FEED_CONTENT_TYPES, renderFeed } from "./writer.js";

/** Fresh for five minutes at most, then served stale while a cache revalidates for an hour. */
const MAX_AGE = 300;
const STALE_WHILE_REVALIDATE = 3_600;
const FORMATS = new Set<FeedFormat>(["rss", "atom", "json"]);
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MONTH = /^\d{4}-(?:0[1-9]|1[0-2])$/;
/** IMF-fixdate, e.g. "Tue, 13 Apr 2010 12:00:00 GMT". */
const HTTP_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const STREAMS = `all, ${Object.keys(TYPE_STREAMS).join(", ")}, or tags/{tag}`;

type Parsed =
  | { kind: "feed"; req: FeedRequest }
  | { kind: "calendar"; slug: string | null }
  | { kind: "not-found"; message: string };

/** /feeds/{stream}[/{yyyy}-{mm}].{rss|atom|json}, /feeds/tags/{tag}[/{yyyy}-{mm}].{…} */
export function parseFeedPath(pathname: string): Parsed {
  const notFound = (message: string): Parsed => ({ kind: "not-found", message });
  // No decoding: anything encoded, dotted or traversing is simply not a feed.
  if (
    !/^\/feeds\/[a-z0-9/.-]+$/.test(pathname) ||
    pathname.includes("..") ||
    pathname.includes("//")
  ) {
    return notFound(
      `No feed at this address. Feeds live at /feeds/{stream}.{rss|atom|json}, stream being ${STREAMS}.`,
    );
  }
  if (pathname === "/feeds/events.ics") return { kind: "calendar", slug: null };
  const event = /^\/feeds\/events\/([a-z0-9-]+)\.ics$/.exec(pathname);
  if (event)
    return SLUG.test(event[1] as string)
      ? { kind: "calendar", slug: event[1] as string }
      : notFound("Not an event slug.");
  const dot = pathname.lastIndexOf(".");
  const format = pathname.slice(dot + 1) as FeedFormat;
  if (!FORMATS.has(format)) {
    return notFound(
      `Unknown feed format ".${format}": use .rss, .atom or .json (or events.ics, events/{slug}.ics).`,
    );
  }
  const parts = pathname.slice("/feeds/".length, dot).split("/");
  let stream: Stream;
  let rest: string[];
  if (parts[0] === "tags") {
    const tag = parts[1] ?? "";
    if (!SLUG.test(tag)) return notFound(`"${tag.slice(0, 60)}" is not a tag slug.`);
    stream = { kind: "tag", tag };
    rest = parts.slice(2);
  } else if (parts[0] === "all") {
    stream = { kind: "all" };
    rest = parts.slice(1);
  } else if (parts[0] && parts[0] in TYPE_STREAMS) {
    stream = {
      kind: "type",
      type: TYPE_STREAMS[parts[0]] as NonNullable<(typeof TYPE_STREAMS)[string]>,
      name: parts[0],
    };
    rest = parts.slice(1);
  } else {
    return notFound(`Unknown feed stream "${(parts[0] ?? "").slice(0, 60)}". Streams: ${STREAMS}.`);
  }
  if (rest.length === 0) return { kind: "feed", req: { stream, format } };
  if (rest.length === 1 && MONTH.test(rest[0] as string))
    return { kind: "feed", req: { stream, format, month: rest[0] } };
  return notFound(
    `Archive documents are /feeds/${streamPath(stream)}/{yyyy}-{mm}.${format}, e.g. 2010-04.`,
  );
}

/** The encoding to send, from Accept-Encoding (q-values honoured; br preferred on ties). */
export function negotiateEncoding(header: string | null): "br" | "gzip" | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const qv = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    if (name) q.set(name, qv === undefined ? 1 : Number(qv));
  }
  const weight = (name: string) => q.get(name) ?? (q.has("*") ? (q.get("*") as number) : 0);
  const br = weight("br");
  const gzip = weight("gzip");
  if (br > 0 && br >= gzip) return "br";
  if (gzip > 0) return "gzip";
  return null;
}

function matchesEtag(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const opaque = (tag: string) =>
    tag
      .trim()
      .replace(/^W\//, "")
      .replace(/-(gzip|br)"$/, '"');
  return header.split(",").some((t) => opaque(t) === etag);
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

export interface FeedRoutesOptions {
  db: Db;
  settings: FeedSettings;
  cache: FeedCache;
  clock: () => Date;
  logger: Logger;
}

/** The cache key of a feed or calendar path. */
function cacheKeyOf(parsed: Exclude<Parsed, { kind: "not-found" }>): string {
  if (parsed.kind === "calendar")
    return parsed.slug ? `events/${parsed.slug}|calendar|ics` : "events|calendar|ics";
  const { req } = parsed;
  return `${streamPath(req.stream)}|${req.month ?? "current"}|${req.format}`;
}

/** The cached document of a feed path if one is fresh, without building anything. */
/** The feed cache's key for a path, or null when the path names no feed. */
export function feedCacheKey(pathname: string): string | null {
  const parsed = parseFeedPath(pathname);
  return parsed.kind === "not-found" ? null : cacheKeyOf(parsed);
}

/** How long a document may be cached by clients: until it changes by itself, at most MAX_AGE. */
function secondsFresh(feed: RenderedFeed, now: Date): number {
  return feed.validUntil
    ? Math.min(MAX_AGE, Math.max(0, Math.floor((feed.validUntil.getTime() - now.getTime()) / 1000)))
    : MAX_AGE;
}

/**
 * What `feedAnswer` depends on besides the document: equal keys, equal answers. The fast lane
 * keeps answers under it for as long as the document stays cached.
 */
export function feedAnswerKey(
  feed: RenderedFeed,
  request: { method: string; pathname: string; header(name: string): string | null },
  now: Date,
): string {
  return [
    request.method,
    request.pathname,
    request.header("accept-encoding"),
    request.header("if-none-match"),
    request.header("if-modified-since"),
    secondsFresh(feed, now),
  ].join("\n");
}

/** What to answer for a feed document: validators, freshness, conditional GET, encoding. */
export interface FeedAnswer {
  status: 200 | 304;
  headers: Record<string, string>;
  /** Null for a 304 and for HEAD. */
  body: Buffer | null;
}

export function feedAnswer(
  feed: RenderedFeed,
  request: { method: string; pathname: string; header(name: string): string | null },
  now: Date,
  settings: FeedSettings,
): FeedAnswer {
  const encoding = negotiateEncoding(request.header("accept-encoding"));
  // Never let a cache hold the document past the moment it changes by itself.
  const secondsLeft = secondsFresh(feed, now);
  const headers: Record<string, string> = {
    "content-type": feed.contentType,
    etag: encoding ? feed.etag.replace(/"$/, `-${encoding}"`) : feed.etag,
    "last-modified": feed.lastModified.toUTCString(),
    "cache-control": `public, max-age=${secondsLeft}, stale-while-revalidate=${STALE_WHILE_REVALIDATE}`,
    vary: "Accept-Encoding",
    "x-content-type-options": "nosniff",
  };
  if (settings.hubUrl) {
    headers.link = `<${settings.hubUrl}>; rel="hub", <${settings.urls.public}${request.pathname}>; rel="self"`;
  }
  const ifNoneMatch = request.header("if-none-match");
  // Only a real HTTP-date counts (RFC 9110 §13.1.3: anything else is ignored).
  const rawSince = request.header("if-modified-since");
  const ifModifiedSince = rawSince && HTTP_DATE.test(rawSince.trim()) ? rawSince : null;
  const notModified = ifNoneMatch
    ? matchesEtag(ifNoneMatch, feed.etag)
    : ifModifiedSince !== null &&
      !Number.isNaN(Date.parse(ifModifiedSince)) &&
      Math.floor(feed.lastModified.getTime() / 1000) <=
        Math.floor(Date.parse(ifModifiedSince) / 1000);
  if (notModified) {
    const { "content-type": _type, ...rest } = headers;
    return { status: 304, headers: rest, body: null };
  }
  const body = encoding ? feed.encoded(encoding) : feed.body;
  if (encoding) headers["content-encoding"] = encoding;
  headers["content-length"] = String(body.length);
  return { status: 200, headers, body: request.method === "HEAD" ? null : body };
}

/** Serve the feeds with caching, validators, compression and conditional GET. */
export function useFeeds(options: FeedRoutesOptions): Plugin {
  const { db, settings, cache, clock } = options;
  return {
    async onRequest({ url, request, endResponse }) {
      if (url.pathname !== "/feeds" && !url.pathname.startsWith("/feeds/")) return;
      const parsed = parseFeedPath(url.pathname);
      if (request.method !== "GET" && request.method !== "HEAD") {
        endResponse(
          text(405, `Feeds answer GET and HEAD only, not ${request.method}.`, {
            allow: "GET, HEAD",
          }),
        );
        return;
      }
      if (parsed.kind === "not-found") {
        endResponse(text(404, parsed.message));
        return;
      }
      const now = clock();
      let notFound: string | null = null;
      const key = cacheKeyOf(parsed);
      let build: () => Promise<RenderedFeed | null>;
      if (parsed.kind === "calendar") {
        build = async () => {
          const built = await buildCalendar(db, settings, parsed.slug, now);
          if (built.kind === "not-found") {
            notFound = built.message;
            return null;
          }
          return new RenderedFeed(
            Buffer.from(built.body, "utf8"),
            CALENDAR_CONTENT_TYPE,
            built.updated,
            built.validUntil,
          );
        };
      } else {
        const { req } = parsed;
        build = async () => {
          const built = await buildFeed(db, settings, req, now);
          if (built.kind === "not-found") {
            notFound = built.message;
            return null;
          }
          const body = Buffer.from(renderFeed(built.doc, req.format), "utf8");
          return new RenderedFeed(
            body,
            FEED_CONTENT_TYPES[req.format],
            built.doc.updated,
            built.validUntil,
          );
        };
      }
      let feed: RenderedFeed | null;
      try {
        feed = await cache.get(key, now, build);
      } catch (error) {
        // Never a stack trace: a lost database is a 503 with Retry-After, anything else a plain 500.
        const down = isConnectionError(error);
        options.logger.error(
          { err: (error as Error).message, path: url.pathname },
          "feed: could not build",
        );
        endResponse(
          text(
            down ? 503 : 500,
            down
              ? "The database is temporarily unavailable; try again shortly."
              : "Internal error.",
            {
              ...(down ? { "retry-after": "2" } : {}),
            },
          ),
        );
        return;
      }
      if (!feed) {
        endResponse(text(404, notFound ?? "No such feed."));
        return;
      }

      const answer = feedAnswer(
        feed,
        {
          method: request.method,
          pathname: url.pathname,
          header: (name) => request.headers.get(name),
        },
        now,
        settings,
      );
      endResponse(
        new Response(answer.body ? new Uint8Array(answer.body) : null, {
          status: answer.status,
          headers: answer.headers,
        }),
      );
    },
  };
}
