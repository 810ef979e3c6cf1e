/** The addresses readers follow: entries' pages on the site, and the API's own feeds. */
import { type ContentType, TYPE_NAMES } from "../registry.js";

/** Absolute bases for links: SITE_URL for pages, PUBLIC_URL for the API's own URLs. */
export interface Urls {
  site: string;
  public: string;
  /** PREVIEW_URL: the site's preview route, a template (see `previewUrl`); unset: none. */
  preview?: string;
}

/** Path of an entry's page on the site, from its root: "/announcements/xen-4-0-feature-list". */
export function entryPath(entry: { type: ContentType; slug: string }): string {
  return `/${TYPE_NAMES[entry.type].plural}/${encodeURIComponent(entry.slug)}`;
}

/** Canonical page of an entry on the site. */
export function entryUrl(urls: Urls, entry: { type: ContentType; slug: string }): string {
  return `${urls.site}${entryPath(entry)}`;
}

/** A feed stream: the whole archive, one content type, or one tag. */
export type Stream =
  | { kind: "all" }
  | { kind: "type"; type: ContentType }
  | { kind: "tag"; tag: string };

export type FeedFormat = "rss" | "atom" | "json";

/** Path of a stream under /feeds (without extension): "all", "issues", "tags/xen-4-0". */
export function streamPath(stream: Stream): string {
  if (stream.kind === "all") return "all";
  if (stream.kind === "type") return TYPE_NAMES[stream.type].plural;
  return `tags/${stream.tag}`;
}

/** A stream's subscription feed, or (with `month`, "YYYY-MM") its RFC 5005 archive document. */
export function feedUrl(urls: Urls, stream: Stream, format: FeedFormat, month?: string): string {
  return `${urls.public}/feeds/${streamPath(stream)}${month ? `/${month}` : ""}.${format}`;
}
