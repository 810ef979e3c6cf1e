/** One archive entry as a feed entry: its type's body, sanitized, with a plain summary and a stable id. */
import { KINDS } from "../content/kinds.js";
import { tagLoaders } from "../content/tags/loaders.js";
import type { EntryRecord, Reader } from "../read/reader.js";
import { entryUrl } from "../read/urls.js";
import { SUMMARY_LENGTH } from "../text/html.js";
import { htmlToText, sanitize } from "../text/rich-text.js";
import type { FeedEnclosure, FeedEntry, FeedPerson } from "./model.js";

export interface EntryOptions {
  idAuthority: string;
  author: FeedPerson;
  rights?: string;
}

/**
 * Permanent entry id (RFC 4151): the configured authority (a host name, never a port), the
 * year the entry was created, its type and row id. Edits, moves and URL changes keep it.
 */
export function entryId(authority: string, entry: EntryRecord): string {
  return `tag:${authority},${entry.createdAt.getUTCFullYear()}:${entry.type}/${entry.id}`;
}

const IMAGE_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
  avif: "image/avif",
};

/** An image as an enclosure, when its URL names a known image type. */
function imageEnclosure(image: { url: string; title: string }): FeedEnclosure[] {
  const ext = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(image.url)?.[1]?.toLowerCase();
  const type = ext ? IMAGE_TYPES[ext] : undefined;
  return type ? [{ url: image.url, type, title: image.title }] : [];
}

const laterOf = (a: Date, b: Date | null) => (b && b > a ? b : a);

/** The feed entry of an entry the reader can see (null when it cannot). */
export async function feedEntry(
  r: Reader,
  entry: EntryRecord,
  options: EntryOptions,
): Promise<FeedEntry | null> {
  const [rendered, tags] = await Promise.all([
    KINDS[entry.type].feedBody(r, entry.id),
    r.use(tagLoaders).ofEntry.load(entry.id),
  ]);
  if (!rendered) return null;
  const contentHtml = sanitize(rendered.html.value.replace(/\n{2,}/g, "\n").trim());
  return {
    id: entryId(options.idAuthority, entry),
    title: entry.title,
    url: entryUrl(r.urls, entry),
    summary: rendered.summary || htmlToText(contentHtml).slice(0, SUMMARY_LENGTH),
    contentHtml,
    published: entry.publishedAt ?? undefined,
    // A scheduled entry was last edited before it came out: it is new to readers at its release.
    updated: laterOf(entry.updatedAt, entry.publishedAt),
    authors: [options.author],
    categories: tags.map((t) => ({ term: t.slug, label: t.name, scheme: `${r.urls.site}/tags/` })),
    enclosures: (rendered.images ?? []).flatMap(imageEnclosure),
    rights: options.rights,
  };
}
