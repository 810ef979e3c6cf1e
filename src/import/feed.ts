/**
 * RSS 2.0 and Atom 1.0 feeds → source items, following RFC 5005 `prev-archive` links to the
 * older archive documents (at most `maxPages` documents in all). Each document streams
 * through the same XML reader as WordPress exports (DOCTYPE refused). Identity: the item's
 * guid (RSS) or id (Atom), else its link; the source is the feed's own id or site link.
 */
import { createReadStream } from "node:fs";
import { pathToFileURL } from "node:url";
import type { Importer } from "./entries.js";
import { openUrl } from "./fetch.js";
import type { Named, SourceItem } from "./item.js";
import { child, children, readRecords, textOf, type XmlElement } from "./xml.js";

const ATOM = "http://www.w3.org/2005/Atom";
const CONTENT = "http://purl.org/rss/1.0/modules/content/";
const DC = "http://purl.org/dc/elements/1.1/";

/** RFC 822 (RSS) and RFC 3339 (Atom) dates; null when unreadable. */
function dateOf(text: string | null): Date | null {
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A feed's `<link rel=… href=…>` (Atom, also used inside RSS as atom:link). */
function linkOf(el: XmlElement, rel: string): string | null {
  const found = el.children.find(
    (c) => c.local === "link" && c.uri === ATOM && (c.attrs.rel ?? "alternate") === rel,
  );
  return found?.attrs.href ?? null;
}

function slugOfLabel(label: string): string {
  return label
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Atom text constructs: html as it is, xhtml serialised back, text escaped. */
function atomHtml(el: XmlElement | undefined): string | null {
  if (!el) return null;
  const type = el.attrs.type ?? "text";
  if (type === "xhtml") return serialise(el.parts);
  const text = el.text;
  if (type === "html") return text;
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}

function serialise(nodes: (XmlElement | string)[]): string {
  return nodes
    .map((n) => {
      if (typeof n === "string") return n.replace(/&/g, "&amp;").replace(/</g, "&lt;");
      const attrs = Object.entries(n.attrs)
        .map(([k, v]) => ` ${k}="${v.replace(/"/g, "&quot;")}"`)
        .join("");
      return `<${n.local}${attrs}>${serialise(n.parts)}</${n.local}>`;
    })
    .join("");
}

function rssItem(el: XmlElement, now: Date): SourceItem | null {
  const link = textOf(el, "link");
  const guid = textOf(el, "guid");
  const warnings: string[] = [];
  const publishedAt = dateOf(textOf(el, "pubDate")) ?? dateOf(textOf(el, "date", DC));
  if (!publishedAt) warnings.push("no date: imported as a draft");
  const labels = children(el, "category")
    .filter((c) => !c.uri)
    .map((c) => c.text.trim())
    .filter(Boolean);
  const tags: Named[] = labels.map((name) => ({ slug: slugOfLabel(name), name }));
  const creators = [
    ...children(el, "creator", DC).map((c) => c.text.trim()),
    ...children(el, "author")
      .filter((c) => !c.uri)
      .map((c) => c.text.replace(/^\S+@\S+\s*\((.*)\)$/, "$1").trim()),
  ].filter(Boolean);
  const encoded = child(el, "encoded", CONTENT)?.text ?? null;
  const description = child(el, "description")?.text ?? null;
  return {
    sourceId: guid ?? link ?? "",
    postType: "entry",
    title: textOf(el, "title"),
    slug: null,
    status: !publishedAt ? "draft" : publishedAt > now ? "scheduled" : "published",
    publishedAt,
    modifiedAt: null,
    categories: tags.map((t) => t.slug),
    tags,
    authors: creators.map((name) => ({ slug: slugOfLabel(name), name })),
    summaryHtml: encoded ? description : null,
    bodyHtml: encoded ?? description,
    link,
    cover: null,
    warnings,
  };
}

function atomEntry(el: XmlElement, now: Date): SourceItem | null {
  const link = linkOf(el, "alternate");
  const warnings: string[] = [];
  const publishedAt = dateOf(textOf(el, "published", ATOM)) ?? dateOf(textOf(el, "updated", ATOM));
  if (!publishedAt) warnings.push("no date: imported as a draft");
  const tags: Named[] = children(el, "category", ATOM)
    .filter((c) => c.attrs.term)
    .map((c) => ({
      slug: slugOfLabel(c.attrs.term as string),
      name: c.attrs.label ?? (c.attrs.term as string),
    }));
  const authors = children(el, "author", ATOM)
    .map((a) => textOf(a, "name", ATOM))
    .filter((n): n is string => Boolean(n));
  const content = atomHtml(child(el, "content", ATOM));
  const summary = atomHtml(child(el, "summary", ATOM));
  return {
    sourceId: textOf(el, "id", ATOM) ?? link ?? "",
    postType: "entry",
    title: atomHtml(child(el, "title", ATOM)),
    slug: null,
    status: !publishedAt ? "draft" : publishedAt > now ? "scheduled" : "published",
    publishedAt,
    modifiedAt: dateOf(textOf(el, "updated", ATOM)),
    categories: tags.map((t) => t.slug),
    tags,
    authors: authors.map((name) => ({ slug: slugOfLabel(name), name })),
    summaryHtml: content ? summary : null,
    bodyHtml: content ?? summary,
    link,
    cover: null,
    warnings,
  };
}

export interface FeedOptions {
  /** Documents to read at most, the feed itself included (default 50). */
  maxPages: number;
  /** Fetch timeout per document, ms (default 15 s). */
  timeoutMs: number;
  onItem?: () => void;
}

/** Where a document is: a URL (fetched) or a local file (read). */
const isUrl = (location: string) => /^https?:\/\//i.test(location);

async function open(
  location: string,
  timeoutMs: number,
): Promise<AsyncIterable<Uint8Array | string>> {
  if (isUrl(location)) return openUrl(location, { timeoutMs });
  if (location.startsWith("file:")) return createReadStream(new URL(location));
  return createReadStream(location);
}

/**
 * Read a feed and its archives into the importer. The source identity imported entries are
 * matched by is the feed's own (its Atom id or RSS channel link), named before its first item.
 */
export async function importFeed(
  location: string,
  importer: Importer,
  options: FeedOptions,
  now: Date,
): Promise<void> {
  const seen = new Set<string>();
  let next: string | null = isUrl(location) ? location : pathToFileURL(location).href;
  let pages = 0;
  while (next) {
    if (seen.has(next)) {
      importer.warn(null, `prev-archive loops back to ${next}: stopped there`);
      break;
    }
    if (pages >= options.maxPages) {
      importer.warn(
        null,
        `stopped after ${options.maxPages} documents (--max-pages); older archives not read`,
      );
      break;
    }
    seen.add(next);
    pages++;
    const here: string = next;
    let prev: string | null = null;
    const stream = await open(here, options.timeoutMs);
    await readRecords(stream, {
      name: here,
      recordDepth(root) {
        if (root.local === "rss" && !root.uri) return 2;
        if (root.local === "feed" && root.uri === ATOM) return 1;
        throw new Error(`${here}: not an RSS 2.0 or Atom 1.0 feed (root <${root.local}>)`);
      },
      async onRecord(el, root) {
        if (
          el.local === "link" &&
          el.uri === ATOM &&
          el.attrs.rel === "prev-archive" &&
          el.attrs.href
        )
          prev = el.attrs.href;
        // The feed's identity: its Atom id, else its RSS channel link, from the first document.
        const names = (el.local === "id" && el.uri === ATOM) || (el.local === "link" && !el.uri);
        if (names && pages === 1 && !importer.identified && el.text.trim())
          importer.identify(`feed:${el.text.trim()}`);
        const item =
          root.local === "rss" && el.local === "item" && !el.uri
            ? rssItem(el, now)
            : root.local === "feed" && el.local === "entry" && el.uri === ATOM
              ? atomEntry(el, now)
              : null;
        if (!item) return;
        if (!importer.identified) importer.identify(`feed:${location}`);
        if (!item.sourceId) {
          importer.report.items++;
          importer.report.skipped.push({
            id: "?",
            title: item.title,
            reason: "no guid, id or link to know it by",
          });
          return;
        }
        if (item.link) item.link = new URL(item.link, here).href;
        await importer.add(item);
        options.onItem?.();
      },
    });
    importer.report.documents = pages;
    next = prev ? resolveArchive(prev, here) : null;
  }
}

/** An archive link, resolved against its document; a web feed may not point into files. */
function resolveArchive(href: string, base: string): string {
  const url = new URL(href, base);
  if (url.protocol === "file:" && !base.startsWith("file:"))
    throw new Error(`${base}: prev-archive ${href} is not a web address`);
  if (!["http:", "https:", "file:"].includes(url.protocol))
    throw new Error(`${base}: prev-archive ${href} is not a web address`);
  return url.href;
}
