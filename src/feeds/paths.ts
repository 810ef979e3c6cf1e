/** The addresses under /feeds: which document a path names, or why it names none. */

import { SHARED_TAG } from "../read/cache-tags.js";
import { type FeedFormat, type Stream, streamPath } from "../read/urls.js";
import { CONTENT_TYPES, listTag, TYPE_NAMES, typeOfPlural } from "../registry.js";

/** A request for one feed document. */
export interface FeedRequest {
  stream: Stream;
  /** "YYYY-MM" for an RFC 5005 archive document; absent for the subscription feed. */
  month?: string;
  format: FeedFormat;
}

export type FeedPath =
  | { kind: "feed"; req: FeedRequest }
  | { kind: "calendar"; slug: string | null }
  | { kind: "not-found"; message: string };

const FORMATS = new Set<string>(["rss", "atom", "json"]);
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MONTH = /^\d{4}-(?:0[1-9]|1[0-2])$/;
const STREAMS = `all, ${CONTENT_TYPES.map((t) => TYPE_NAMES[t].plural).join(", ")}, or tags/{tag}`;

const notFound = (message: string): FeedPath => ({ kind: "not-found", message });

/** The stream a path starts with, and the parts after it. */
function streamOf(parts: string[]): { stream: Stream; rest: string[] } | FeedPath {
  const [first = "", second = ""] = parts;
  if (first === "tags") {
    if (!SLUG.test(second)) return notFound(`"${second.slice(0, 60)}" is not a tag slug.`);
    return { stream: { kind: "tag", tag: second }, rest: parts.slice(2) };
  }
  if (first === "all") return { stream: { kind: "all" }, rest: parts.slice(1) };
  const type = typeOfPlural(first);
  if (type) return { stream: { kind: "type", type }, rest: parts.slice(1) };
  return notFound(`Unknown feed stream "${first.slice(0, 60)}". Streams: ${STREAMS}.`);
}

/** /feeds/{stream}[/{yyyy}-{mm}].{rss|atom|json}, /feeds/events.ics, /feeds/events/{slug}.ics */
export function parseFeedPath(pathname: string): FeedPath {
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
  if (event) {
    const slug = event[1] as string;
    return SLUG.test(slug) ? { kind: "calendar", slug } : notFound("Not an event slug.");
  }
  const dot = pathname.lastIndexOf(".");
  const format = pathname.slice(dot + 1);
  if (!FORMATS.has(format)) {
    return notFound(
      `Unknown feed format ".${format}": use .rss, .atom or .json (or events.ics, events/{slug}.ics).`,
    );
  }
  const found = streamOf(pathname.slice("/feeds/".length, dot).split("/"));
  if ("kind" in found) return found;
  const { stream, rest } = found;
  const req = { stream, format: format as FeedFormat };
  if (rest.length === 0) return { kind: "feed", req };
  if (rest.length === 1 && MONTH.test(rest[0] as string))
    return { kind: "feed", req: { ...req, month: rest[0] } };
  return notFound(
    `Archive documents are /feeds/${streamPath(stream)}/{yyyy}-{mm}.${format}, e.g. 2010-04.`,
  );
}

/** The feed cache's key of a feed or calendar path. */
export function cacheKeyOf(parsed: Exclude<FeedPath, { kind: "not-found" }>): string {
  if (parsed.kind === "calendar")
    return parsed.slug ? `events/${parsed.slug}|calendar|ics` : "events|calendar|ics";
  const { req } = parsed;
  return `${streamPath(req.stream)}|${req.month ?? "current"}|${req.format}`;
}

/** The feed cache's key for a path, or null when the path names no feed. */
export function feedCacheKey(pathname: string): string | null {
  const parsed = parseFeedPath(pathname);
  return parsed.kind === "not-found" ? null : cacheKeyOf(parsed);
}

/**
 * The cache keys a feed or calendar document depends on, for HTTP caches to purge by: the
 * lists of the types it shows (every write to an entry drops its type's list key with its
 * own) and the shared data it names. Votes move no feed, as in the feed cache.
 */
export function edgeKeysOf(parsed: Exclude<FeedPath, { kind: "not-found" }>): string[] {
  if (parsed.kind === "calendar") return [listTag("event"), SHARED_TAG];
  const { stream } = parsed.req;
  const types = stream.kind === "type" ? [stream.type] : CONTENT_TYPES;
  return [...types.map(listTag), SHARED_TAG];
}
