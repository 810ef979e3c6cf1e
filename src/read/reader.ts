/**
 * The reading core: one reader of the archive for one request (or one feed build), at one
 * instant. It knows what its viewer may see, the clock reading every visibility decision uses,
 * where answers record what they read (response cache), and it holds the request's loaders.
 * GraphQL resolvers, feeds, calendars and previews all read through one; nothing here knows
 * GraphQL or HTTP.
 */
import DataLoader from "dataloader";
import type { Column, Table } from "drizzle-orm";
import type { Viewer } from "../auth/viewer.js";
import type { Db } from "../db/client.js";
import type { JsonRow } from "../db/json-rows.js";
import type { ContentType, EntryTypename } from "../registry.js";
import { alignOne } from "./align.js";
import { CacheTags } from "./cache-tags.js";
import {
  entryTypesByIds,
  type ListedEntry,
  listEntriesWithDetail,
  type pageClauses,
} from "./listing.js";
import type { EntryCore } from "./table.js";
import type { Urls } from "./urls.js";
import { type Visibility, visibilityFor } from "./visibility.js";

/** An entry of any type as readers get it: the shared columns and its GraphQL type name. */
export type EntryRecord = EntryCore & { __typename: EntryTypename };

/** Makes a bundle of loaders for one reader (see `Reader.use`). */
export type LoaderFactory<T> = (reader: Reader) => T;

/**
 * A type's own table read as JSON beside `content` when a list mixes types (the timeline): one
 * statement reads a page of every type's records, and `prime` hands each to its type's loaders
 * (records.ts: recordDetail).
 */
export interface RecordDetail {
  table: Table;
  /** The table's column naming its `content` row. */
  contentId: Column;
  prime(r: Reader, core: EntryCore, json: JsonRow): void;
}

/** How each type's entries are loaded by id (src/content/kinds.ts: each type's kind). */
export type EntryKinds = Readonly<
  Record<
    ContentType,
    { records: LoaderFactory<DataLoader<number, EntryRecord | null>>; detail: RecordDetail }
  >
>;

/** A reader who sent X-Voter-Key, and the server key their per-poll hashes use. */
export interface Voter {
  key: Buffer;
  voterKey: string;
}

export interface ReaderOptions {
  db: Db;
  viewer: Viewer;
  /** The clock reading: one instant for every visibility decision of this reader. */
  now: Date;
  urls: Urls;
  entries: EntryKinds;
  voter?: Voter | null;
  /** Where reads are recorded for the response cache (a new recorder when absent). */
  cacheTags?: CacheTags;
}

export class Reader {
  readonly db: Db;
  readonly viewer: Viewer;
  readonly now: Date;
  readonly urls: Urls;
  readonly visibility: Visibility;
  readonly voter: Voter | null;
  readonly cacheTags: CacheTags;
  private readonly made = new Map<LoaderFactory<unknown>, unknown>();

  constructor(private readonly options: ReaderOptions) {
    this.db = options.db;
    this.viewer = options.viewer;
    this.now = options.now;
    this.urls = options.urls;
    this.visibility = visibilityFor(options.viewer, options.now);
    this.voter = options.voter ?? null;
    this.cacheTags = options.cacheTags ?? new CacheTags();
  }

  /**
   * The loaders `factory` makes, made on first use and kept for this reader: each type keeps
   * its loaders in its own folder, and every caller in the request shares one batch.
   */
  use<T>(factory: LoaderFactory<T>): T {
    if (!this.made.has(factory)) this.made.set(factory, factory(this));
    return this.made.get(factory) as T;
  }

  /** An entry of a known type by id; null when missing or not visible. */
  entryOf(type: ContentType, id: number): Promise<EntryRecord | null> {
    return this.use(this.options.entries[type].records).load(id);
  }

  /** An entry read again past what this reader cached (after a write in the same request). */
  reload(type: ContentType, id: number): Promise<EntryRecord | null> {
    const loader = this.use(this.options.entries[type].records);
    loader.clear(id);
    return loader.load(id);
  }

  /**
   * A page of entries of any type (the timeline) in one statement, each entry's record handed
   * to its type's loaders: `entries` then finds them loaded.
   */
  async readPage(clauses: ReturnType<typeof pageClauses>): Promise<ListedEntry[]> {
    const kinds = Object.entries(this.options.entries) as [ContentType, EntryKinds[ContentType]][];
    const details = kinds.map(([type, kind]) => ({ type, ...kind.detail }));
    const rows = await listEntriesWithDetail(this.db, clauses, details);
    for (const { detail, ...core } of rows)
      if (detail) this.options.entries[core.type].detail.prime(this, core, detail);
    return rows;
  }

  /** An entry of any type by id (a related item, a preview, a node); null when missing or hidden. */
  entry(id: number): Promise<EntryRecord | null> {
    return this.use(anyEntry).load(id);
  }

  /** The entries of list rows, in their order (null where one vanished since the list was read). */
  entries(rows: readonly { id: number; type: ContentType }[]): Promise<(EntryRecord | null)[]> {
    return Promise.all(rows.map((r) => this.entryOf(r.type, r.id)));
  }

  /**
   * This reader on another database (the primary, for a read after a write or a retry after
   * the replica failed), with empty loaders; what it reads is still recorded for the cache.
   */
  on(db: Db): Reader {
    return db === this.db ? this : new Reader({ ...this.options, db, cacheTags: this.cacheTags });
  }

  /** This reader at a later instant, with empty loaders (a subscription's next push). */
  at(now: Date): Reader {
    return new Reader({ ...this.options, now, cacheTags: new CacheTags() });
  }
}

/** Entries by id when the type is not known up front: their types, then each type's loader. */
function anyEntry(r: Reader): DataLoader<number, EntryRecord | null> {
  return new DataLoader(async (ids) => {
    // Every id asked for is a dependency, found or not: a draft published later must drop a
    // cached "null".
    for (const id of ids) r.cacheTags.entity(id);
    const types = await entryTypesByIds(r.db, ids, r.visibility);
    const loaded = await r.entries(types);
    return alignOne(
      ids,
      loaded.filter((e) => e !== null),
      (e) => e.id,
    );
  });
}
