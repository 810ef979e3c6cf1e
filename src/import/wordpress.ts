/**
 * WordPress export (WXR 1.1 and 1.2, an RSS 2.0 document with the `wp:` namespace) → source
 * items. Read twice, streaming: the first pass collects the attachments (for featured images
 * and galleries, which may come after the posts that use them) and checks the whole file is
 * well-formed before anything is written; the second imports post by post.
 */
import { createReadStream } from "node:fs";
import { TZDate } from "@date-fns/tz";
import type { Importer } from "./entries.js";
import type { Named, SourceItem } from "./item.js";
import { type Attachments, wordpressHtml } from "./wordpress-content.js";
import { child, children, readRecords, textOf, type XmlElement } from "./xml.js";

const WP = /^http:\/\/wordpress\.org\/export\/1\.\d+\/$/;
const CONTENT = "http://purl.org/rss/1.0/modules/content/";
const DC = "http://purl.org/dc/elements/1.1/";

const wpChild = (el: XmlElement, local: string) =>
  el.children.find((c) => c.local === local && WP.test(c.uri));
const wp = (el: XmlElement, local: string) => wpChild(el, local)?.text.trim() || null;
const excerptOf = (el: XmlElement) =>
  el.children.find((c) => c.local === "encoded" && /\/excerpt\/$/.test(c.uri))?.text ?? null;

/** What the first pass learns of an export. */
export interface WxrSite {
  /** "wordpress:<blog URL>": the source identity imported entries are matched by. */
  source: string;
  version: string | null;
  attachments: Map<string, string>;
}

/** Records are the channel's children (rss → channel → item). */
const depth = (root: { local: string }) => {
  if (root.local !== "rss") throw new Error("not a WordPress export (no <rss> root)");
  return 2;
};

/** First pass: the site, the WXR version, the attachments; throws on any XML error. */
export async function scanWxr(path: string): Promise<WxrSite> {
  let base: string | null = null;
  let link: string | null = null;
  let version: string | null = null;
  const attachments = new Map<string, string>();
  await readRecords(createReadStream(path), {
    name: path,
    recordDepth: depth,
    onRecord(el) {
      if (el.local === "link" && !el.uri) link = el.text.trim();
      else if (WP.test(el.uri) && el.local === "base_blog_url") base = el.text.trim();
      else if (WP.test(el.uri) && el.local === "wxr_version") version = el.text.trim();
      else if (el.local === "item" && wp(el, "post_type") === "attachment") {
        const id = wp(el, "post_id");
        const url = wp(el, "attachment_url");
        if (id && url) attachments.set(id, url);
      }
    },
  });
  const site = (base ?? link ?? "").replace(/\/+$/, "");
  if (!version)
    throw new Error(`${path}: not a WordPress export (no wp:wxr_version in the channel)`);
  if (!site) throw new Error(`${path}: the export names no site (wp:base_blog_url or link)`);
  return { source: `wordpress:${site}`, version, attachments };
}

/** WordPress's "YYYY-MM-DD HH:MM:SS" in UTC, or in `timeZone` (site local); null for zeros. */
export function wpDate(value: string | null, timeZone: string): Date | null {
  const m = value?.match(/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/);
  if (!m || m[1] === "0000") return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date =
    timeZone === "UTC"
      ? new Date(Date.UTC(y, mo - 1, d, h, mi, s))
      : new Date(new TZDate(y, mo - 1, d, h, mi, s, timeZone).getTime());
  return Number.isNaN(date.getTime()) ? null : date;
}

const STATUS: Record<string, SourceItem["status"]> = {
  publish: "published",
  future: "scheduled",
  draft: "draft",
  pending: "draft",
  private: "draft",
};

export interface WxrOptions {
  /** The site's zone for wp:post_date when wp:post_date_gmt is missing (default UTC). */
  timeZone: string;
}

/** One <item> of a post or page → a source item (null: not an entry, counted or skipped). */
function itemOf(
  el: XmlElement,
  attachments: Attachments,
  authors: Map<string, Named>,
  importer: Importer,
  options: WxrOptions,
): SourceItem | null {
  const postType = wp(el, "post_type") ?? "post";
  const comments = children(el, "comment").filter((c) => WP.test(c.uri)).length;
  if (comments) importer.notEntry("comments", comments);
  const other =
    postType === "attachment"
      ? "attachments"
      : postType === "nav_menu_item"
        ? "menu items"
        : postType !== "post" && postType !== "page"
          ? `${postType} (post type)`
          : null;
  if (other) {
    importer.notEntry(other);
    return null;
  }
  const id = wp(el, "post_id") ?? textOf(el, "guid") ?? "";
  const warnings: string[] = [];
  const rawStatus = wp(el, "status") ?? "draft";
  const status = STATUS[rawStatus];
  const title = textOf(el, "title");
  if (!status) {
    importer.report.items++;
    importer.report.skipped.push({ id, title, reason: `status "${rawStatus}" is not imported` });
    return null;
  }
  let publishedAt = wpDate(wp(el, "post_date_gmt"), "UTC");
  if (!publishedAt) {
    publishedAt = wpDate(wp(el, "post_date"), options.timeZone);
    if (publishedAt && status !== "draft")
      warnings.push(`no wp:post_date_gmt: wp:post_date read as ${options.timeZone}`);
  }
  if (!publishedAt && status !== "draft") warnings.push("no date");
  const modifiedAt =
    wpDate(wp(el, "post_modified_gmt"), "UTC") ?? wpDate(wp(el, "post_modified"), options.timeZone);
  const labels = children(el, "category").filter((c) => !c.uri);
  const named = (c: XmlElement): Named => ({
    slug: c.attrs.nicename || c.text.trim(),
    name: c.text.trim(),
  });
  const categories = labels.filter((c) => c.attrs.domain === "category").map(named);
  const postTags = labels.filter((c) => c.attrs.domain === "post_tag").map(named);
  const creators = children(el, "creator", DC)
    .map((c) => c.text.trim())
    .filter(Boolean);
  const thumbnail = children(el, "postmeta")
    .filter((m) => WP.test(m.uri) && wp(m, "meta_key") === "_thumbnail_id")
    .map((m) => wp(m, "meta_value"))[0];
  const cover = thumbnail ? (attachments.get(thumbnail) ?? null) : null;
  if (thumbnail && !cover)
    warnings.push(`featured image ${thumbnail} is not among the attachments`);
  const raw = child(el, "encoded", CONTENT)?.text ?? "";
  return {
    sourceId: id,
    postType,
    title,
    slug: wp(el, "post_name"),
    status,
    publishedAt,
    modifiedAt,
    categories: [...categories, ...postTags].map((c) => c.slug),
    tags: [...categories, ...postTags].filter((c) => c.slug !== "uncategorized"),
    authors: creators.map((login) => authors.get(login) ?? { slug: login, name: login }),
    summaryHtml: excerptOf(el),
    bodyHtml: raw ? wordpressHtml(raw, attachments, (m) => warnings.push(m)) : null,
    link: textOf(el, "link"),
    cover,
    warnings,
  };
}

/** Second pass: every post and page to the importer, one at a time. */
export async function importWxr(
  path: string,
  site: WxrSite,
  importer: Importer,
  options: WxrOptions,
  onItem?: () => void,
): Promise<void> {
  const authors = new Map<string, Named>();
  await readRecords(createReadStream(path), {
    name: path,
    recordDepth: depth,
    async onRecord(el) {
      if (el.local === "author" && WP.test(el.uri)) {
        const login = wp(el, "author_login");
        if (login)
          authors.set(login, { slug: login, name: wp(el, "author_display_name") ?? login });
      } else if (el.local === "item" && !el.uri) {
        const item = itemOf(el, site.attachments, authors, importer, options);
        if (item) await importer.add(item);
        onItem?.();
      }
    },
  });
}
