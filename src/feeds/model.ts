/**
 * The neutral model of one feed document, filled from the archive (src/feeds/entries.ts)
 * and written as RSS 2.0, Atom 1.0 or JSON Feed 1.1 by src/feeds/writer.ts.
 * Every string here is plain text unless its name ends in Html; every URL is absolute.
 */

export interface FeedPerson {
  name: string;
  url?: string;
  email?: string;
}

export interface FeedCategory {
  /** Machine term (a tag slug). */
  term: string;
  /** Human label (a tag name); may contain <, &, quotes. */
  label: string;
  /** URL identifying the category scheme or the tag's own feed. */
  scheme?: string;
}

export interface FeedEnclosure {
  url: string;
  /** MIME type, e.g. image/png. */
  type: string;
  /** Bytes; omitted when unknown. */
  length?: number;
  title?: string;
}

export interface FeedEntry {
  /** Stable, never changes when the entry is edited (a tag: URI). */
  id: string;
  /** Plain text; may contain <, &, quotes, ]]>, any script. */
  title: string;
  /** Canonical page of the entry (rel="alternate"). */
  url: string;
  /** Plain-text summary. */
  summary?: string;
  /** Full content, already sanitized HTML. */
  contentHtml: string;
  published?: Date;
  /** Moves whenever the entry is edited. */
  updated: Date;
  authors: FeedPerson[];
  categories: FeedCategory[];
  enclosures: FeedEnclosure[];
  rights?: string;
}

/** RFC 5005 §2 (paged) and §4 (archived) navigation. */
export interface FeedArchiveLinks {
  /** True for an archive document (fh:archive); false for the subscription (current) feed. */
  isArchive: boolean;
  current?: string;
  prevArchive?: string;
  nextArchive?: string;
}

export interface FeedDocument {
  /** Stable feed id (the current feed's URL is a fine choice). */
  id: string;
  title: string;
  description: string;
  /** BCP 47, e.g. "en". */
  language: string;
  /** The HTML page this feed mirrors (rel="alternate"). */
  siteUrl: string;
  /** This document's own URL (rel="self"). */
  selfUrl: string;
  /** Newest `updated` among the entries, or a fixed instant for an empty feed. Never "now". */
  updated: Date;
  generator: { name: string; version: string; url: string };
  rights?: string;
  authors: FeedPerson[];
  /** Absolute URL of an icon/logo image, if any. */
  icon?: string;
  /** WebSub hubs (rel="hub"), in order. */
  hubs: string[];
  archive: FeedArchiveLinks;
  entries: FeedEntry[];
}
