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

/** What a preview URL template may name; `{token}` it must. */
export const PREVIEW_PLACEHOLDERS = ["token", "path", "type", "slug", "id"] as const;
export type PreviewValues = Record<(typeof PREVIEW_PLACEHOLDERS)[number], string>;

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The template with each placeholder replaced by its value, URL-encoded (a path's "/" too). */
export function previewUrl(template: string, values: PreviewValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    name in values ? encodeURIComponent(values[name as keyof PreviewValues]) : whole,
  );
}

/**
 * Why a preview URL template cannot work, or null: it must hold `{token}` (the site cannot
 * preview without it), name no other placeholders (a typo would reach the site verbatim), and
 * be an absolute http(s) URL once filled in.
 */
export function previewTemplateProblem(template: string): string | null {
  const known: readonly string[] = PREVIEW_PLACEHOLDERS;
  const sample = Object.fromEntries(known.map((k) => [k, "x"])) as PreviewValues;
  const absolute = "must be an absolute http(s) URL";
  if (!/^https?:\/\//i.test(template)) return absolute;
  try {
    new URL(previewUrl(template, sample));
  } catch {
    return absolute;
  }
  if (!template.includes("{token}")) return "must contain {token}";
  const unknown = [...template.matchAll(PLACEHOLDER)].find((m) => !known.includes(m[1] ?? ""));
  if (unknown) return `unknown placeholder ${unknown[0]} (known: {${known.join("}, {")}})`;
  return null;
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
