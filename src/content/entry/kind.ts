/**
 * What the shared machinery needs to know about one content type: how to validate, store and
 * read back its entries (the editorial lifecycle), how its entries are loaded by id (any
 * polymorphic read), how one reads in a feed, and which of its entries name a person. Each
 * type's folder exports one (`<type>/kind.ts`); src/content/kinds.ts assembles them.
 */
import type DataLoader from "dataloader";
import type { SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client.js";
import type { EntryRecord, LoaderFactory, Reader, RecordDetail } from "../../read/reader.js";
import type { ContentStatus } from "../../read/table.js";
import type { ContentType } from "../../registry.js";
import type { SafeHtml } from "../../text/html.js";
import type { Publication } from "./lifecycle-store.js";

/** The slug, tags and byline a write settles before the type's own fields. */
export interface EntryBase {
  slug: string;
  tags: string[];
  /** Person slugs, in byline order. */
  authors: string[];
  /**
   * A new entry's publication and times, written with its row (imports bring them from their
   * source); editors' creates leave them out: a draft, created now.
   */
  status?: ContentStatus;
  publishedAt?: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** An entry's body as a feed shows it. */
export interface FeedBody {
  /** The full content; sanitized again when the feed entry is assembled. */
  html: SafeHtml;
  /** Plain text, a few sentences. */
  summary: string;
  /** Images worth an enclosure (poll options' pictures). */
  images?: { url: string; title: string }[];
}

/** What a card shows of an entry: its own summary, its main text (Markdown), its picture. */
export interface CardSource {
  /** Plain text the entry states as its summary (an issue's or announcement's summary). */
  summary: string | null;
  /** The entry's main text: an issue's intro, an announcement's body, a description. */
  bodyMd: string | null;
  /** A picture of its own that is not in the body (a poll option's image). */
  image: { url: string; alt: string | null } | null;
}

export interface ContentKind<S extends z.ZodType = z.ZodType> {
  type: ContentType;
  /** Validates a create input, and stored state with a patch applied. */
  schema: S;
  /** The stored entry in the shape of its input (null when missing). */
  snapshot(db: Db, id: number): Promise<z.input<S> | null>;
  /** `revision`: the row is a pending edit's copy (exempt from the type's uniqueness rules). */
  create(
    db: Db,
    input: z.output<S>,
    base: EntryBase,
    path: string[],
    revision: boolean,
  ): Promise<number>;
  replace(
    db: Db,
    id: number,
    input: z.output<S>,
    base: EntryBase,
    path: string[],
    at: Date,
    revision: boolean,
  ): Promise<void>;
  /** Delete what the entry owns outside its own rows' cascade (an issue's weekly stats). */
  removeOwned?(db: Db, id: number): Promise<void>;
  /** The entry was published, scheduled or unpublished: carry it to what it owns. */
  publicationChanged?(db: Db, id: number, values: Publication): Promise<void>;
  /** Loads this type's entries by id, for one reader. */
  records: LoaderFactory<DataLoader<number, EntryRecord | null>>;
  /** Its own table, read beside `content` in lists of mixed types. */
  detail: RecordDetail;
  /** The body of one of its entries in a feed (null when the reader cannot see it). */
  feedBody(r: Reader, id: number): Promise<FeedBody | null>;
  /** What a card of one of its entries shows (null when the reader cannot see it). */
  card(r: Reader, id: number): Promise<CardSource | null>;
  /** A SELECT of the ids of its entries that name the person (quotes, speakers, credits…). */
  mentions(personId: number): SQL;
}
