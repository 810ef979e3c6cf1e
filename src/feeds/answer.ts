/**
 * The HTTP answer for a feed document: validators, freshness, conditional GET, compression.
 * The fast lane and the full path send the same bytes and headers (tests compare the two).
 */
import type { FastAnswer } from "../feature.js";
import { edgeKeyHeaders } from "../read/cache-tags.js";
import type { RenderedFeed } from "./cache.js";
import type { FeedSettings } from "./documents.js";

/**
 * One lifetime for every feed answer. It must not follow the next embargo or poll closing
 * (a max-age of 199 told anyone an embargo lifts in 199 s), and shared caches must not serve
 * a document long after it changed: a minute, then revalidate (a 304 is cheap). Stale copies
 * only while this server fails, never while it answers (no stale-while-revalidate: that kept a
 * pre-embargo feed in a CDN for up to an hour after the embargo lifted).
 */
export const CACHE_CONTROL = "public, max-age=60, stale-if-error=86400";
/** IMF-fixdate, e.g. "Tue, 13 Apr 2010 12:00:00 GMT". */
const HTTP_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** What of a request the answer depends on. */
export interface FeedAsk {
  method: string;
  pathname: string;
  header(name: string): string | null;
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

/** If-None-Match against a strong tag: any listed tag, weak or of another encoding, or `*`. */
export function matchesEtag(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const opaque = (tag: string) =>
    tag
      .trim()
      .replace(/^W\//, "")
      .replace(/-(gzip|br)"$/, '"');
  return header.split(",").some((t) => opaque(t) === etag);
}

/**
 * What `feedAnswer` depends on besides the document: equal keys, equal answers. The fast lane
 * keeps answers under it for as long as the document stays cached.
 */
export function feedAnswerKey(request: FeedAsk): string {
  return [
    request.method,
    request.pathname,
    request.header("accept-encoding"),
    request.header("if-none-match"),
    request.header("if-modified-since"),
  ].join("\n");
}

export function feedAnswer(
  feed: RenderedFeed,
  request: FeedAsk,
  settings: FeedSettings,
): FastAnswer {
  const encoding = negotiateEncoding(request.header("accept-encoding"));
  const headers: Record<string, string> = {
    "content-type": feed.contentType,
    etag: encoding ? feed.etag.replace(/"$/, `-${encoding}"`) : feed.etag,
    "last-modified": feed.lastModified.toUTCString(),
    "cache-control": CACHE_CONTROL,
    vary: "Accept-Encoding",
    "x-content-type-options": "nosniff",
    // A feed names a few list keys: never too many to send.
    ...edgeKeyHeaders(feed.keys, settings.edgeFormat),
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
