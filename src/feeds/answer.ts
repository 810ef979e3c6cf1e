/**
 * The HTTP answer for a feed document: validators, freshness, conditional GET, compression.
 * The fast lane and the full path send the same bytes and headers (tests compare the two).
 */
import type { FastAnswer } from "../feature.js";
import type { RenderedFeed } from "./cache.js";
import type { FeedSettings } from "./documents.js";

/** Fresh for five minutes at most, then served stale while a cache revalidates for an hour. */
const MAX_AGE = 300;
const STALE_WHILE_REVALIDATE = 3_600;
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

function matchesEtag(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const opaque = (tag: string) =>
    tag
      .trim()
      .replace(/^W\//, "")
      .replace(/-(gzip|br)"$/, '"');
  return header.split(",").some((t) => opaque(t) === etag);
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
export function feedAnswerKey(feed: RenderedFeed, request: FeedAsk, now: Date): string {
  return [
    request.method,
    request.pathname,
    request.header("accept-encoding"),
    request.header("if-none-match"),
    request.header("if-modified-since"),
    secondsFresh(feed, now),
  ].join("\n");
}

export function feedAnswer(
  feed: RenderedFeed,
  request: FeedAsk,
  now: Date,
  settings: FeedSettings,
): FastAnswer {
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
