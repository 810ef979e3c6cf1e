/** One item of a source (a WordPress post, a feed entry) as the importer takes it. */
import type { ContentStatus } from "../read/table.js";

/** A label (category or tag) or a person as the source names them. */
export interface Named {
  slug: string;
  name: string;
}

/** One item of a source, in the source's own terms, before it is mapped to a content type. */
export interface SourceItem {
  /** Stable within the source: a WordPress post id, a feed guid. */
  sourceId: string;
  /** "post", "page" (WordPress), "entry" (feeds): the mapping may decide by it. */
  postType: string;
  title: string | null;
  /** The slug the source gives (normalised here); null: made from the title. */
  slug: string | null;
  status: ContentStatus;
  publishedAt: Date | null;
  modifiedAt: Date | null;
  /** Slugs the mapping looks at, in order (WordPress categories, then tags). */
  categories: string[];
  /** Every label of the item (categories and tags); each becomes a tag. */
  tags: Named[];
  authors: Named[];
  summaryHtml: string | null;
  bodyHtml: string | null;
  /** The item's own page (permalink): the base of relative links, an announcement's source. */
  link: string | null;
  /** A picture the source names as the item's own (WordPress's featured image). */
  cover: string | null;
  warnings: string[];
}
