/** The Content interface every entry type implements, and what lists of entries share. */

import type DataLoader from "dataloader";
import { readersNonNull } from "../../graphql/audiences.js";
import { builder } from "../../graphql/builder.js";
import type { Context } from "../../graphql/context.js";
import {
  type ConnectionArgs,
  keysetPage,
  timeCursor,
  toConnection,
} from "../../graphql/pagination.js";
import {
  type ContentQuery,
  changedSinceSql,
  countEntries,
  entryIdBySlug,
  type ListedEntry,
  listEntries,
  pageClauses,
  slugWhere,
} from "../../read/listing.js";
import { monthRange } from "../../read/months.js";
import { pendingEditIds } from "../../read/pending-edits.js";
import type { EntryRecord, LoaderFactory } from "../../read/reader.js";
import type { ContentStatus } from "../../read/table.js";
import { entryUrl, type Stream } from "../../read/urls.js";
import { publicationStatus } from "../../read/visibility.js";
import { CONTENT_TYPES, type ContentType } from "../../registry.js";
import { TagRef } from "../tags/graphql.js";
import { tagLoaders } from "../tags/loaders.js";
import { taggedSql } from "../tags/reads.js";

export const ContentTypeEnum = builder.enumType("ContentType", {
  // One value per registered type: ISSUE, ANNOUNCEMENT, …
  values: Object.fromEntries(
    CONTENT_TYPES.map((type) => [type.toUpperCase(), { value: type }]),
  ) as {
    [T in ContentType as Uppercase<T>]: { value: T };
  },
});

export const ContentStatusEnum = builder.enumType("ContentStatus", {
  description: "Readers only ever see PUBLISHED content (and SCHEDULED content once due).",
  values: {
    DRAFT: { value: "draft" },
    SCHEDULED: { value: "scheduled" },
    PUBLISHED: { value: "published" },
  } as const,
});

export const DatePrecisionEnum = builder.enumType("DatePrecision", {
  description: "How much of `publishedAt` the source states; the rest is a placeholder.",
  values: {
    EXACT: { value: "exact" },
    DAY: { value: "day" },
    MONTH: { value: "month" },
  } as const,
});

export const ContentRef = builder.interfaceRef<EntryRecord>("Content").implement({
  description: "An entry of the archive: an issue, announcement, event or poll.",
  interfaces: [builder.nodeInterfaceRef()],
  resolveType: (entry) => entry.__typename,
  fields: (t) => ({
    slug: t.exposeString("slug"),
    title: t.exposeString("title"),
    url: t.string({
      description: "Canonical page on the site.",
      resolve: (entry, _args, ctx) => entryUrl(ctx.reader.urls, entry),
    }),
    publishedAt: t.field({
      type: "DateTime",
      // Only drafts lack it, and readers never see one (src/graphql/audiences.ts).
      nullable: true,
      description:
        "When it was published, or is scheduled to be; an unpublished entry keeps its date. Null for a draft never published. (Non-null in the readers' schema: readers only see published entries.)",
      extensions: readersNonNull(
        "When it was published (`publishedAtPrecision` says how much of it is known). Never null: readers only see published entries.",
      ),
      resolve: (e) => e.publishedAt,
    }),
    publishedAtPrecision: t.field({
      type: DatePrecisionEnum,
      resolve: (entry) => entry.publishedAtPrecision,
    }),
    updatedAt: t.field({ type: "DateTime", resolve: (entry) => entry.updatedAt }),
    publicationStatus: t.field({
      type: ContentStatusEnum,
      description:
        "DRAFT, SCHEDULED (not yet due) or PUBLISHED (including scheduled entries whose time has come).",
      resolve: (entry, _args, ctx) => publicationStatus(entry, ctx.reader.now),
    }),
    tags: t.field({
      type: [TagRef],
      resolve: (entry, _args, ctx) => ctx.reader.use(tagLoaders).ofEntry.load(entry.id),
    }),
  }),
});

builder.interfaceField(ContentRef, "revisionOf", (t) =>
  t.field({
    type: ContentRef,
    nullable: true,
    description:
      "On a pending edit (seen by editors and previews): the live entry it will replace when published.",
    resolve: (entry, _args, ctx) =>
      entry.revisionOf == null ? null : ctx.reader.entry(entry.revisionOf),
  }),
);

builder.interfaceField(ContentRef, "pendingEdit", (t) =>
  t.field({
    type: ContentRef,
    nullable: true,
    description:
      "On a live entry (seen by editors and previews): its pending edit, the change kept aside by `update…(asRevision: true)` until `publishContent` applies it. Always null for readers.",
    resolve: async (entry, _args, ctx) => {
      if (entry.revisionOf != null) return null;
      const id = await ctx.reader.use(pendingEditIds).load(entry.id);
      return id == null ? null : ctx.reader.entry(id);
    },
  }),
);

export const ContentConnectionRef = builder.connectionObject(
  { type: ContentRef, name: "ContentConnection" },
  { name: "ContentEdge" },
);

export const ContentFilterInput = builder.inputType("ContentFilter", {
  fields: (t) => ({
    publishedAfter: t.field({ type: "DateTime", description: "Inclusive." }),
    publishedBefore: t.field({ type: "DateTime", description: "Exclusive." }),
    month: t.string({ description: 'A calendar month in UTC, "YYYY-MM".' }),
    tag: t.string({ description: "Tag slug." }),
    updatedAfter: t.field({
      type: "DateTime",
      description:
        "Inclusive: only entries edited or published at or after this instant (incremental builds; see also Query.changes, which also reports removals).",
    }),
    status: t.field({
      type: [ContentStatusEnum],
      description: "Editors: only entries in these states (readers only ever see published ones).",
    }),
  }),
});

export interface ContentFilterArgs {
  publishedAfter?: Date | null;
  publishedBefore?: Date | null;
  month?: string | null;
  tag?: string | null;
  updatedAfter?: Date | null;
  status?: readonly ContentStatus[] | null;
}

/** Apply a ContentFilter to a query: bounds narrow each other, month included. */
export function applyContentFilter(
  q: ContentQuery,
  filter: ContentFilterArgs | null | undefined,
): ContentQuery {
  if (!filter) return q;
  let from = filter.publishedAfter ?? undefined;
  let until = filter.publishedBefore ?? undefined;
  if (filter.month != null) {
    const range = monthRange(filter.month, "filter.month");
    from = from && from > range.from ? from : range.from;
    until = until && until < range.until ? until : range.until;
  }
  const where = [
    ...(q.where ?? []),
    ...(filter.tag ? [taggedSql(filter.tag)] : []),
    ...(filter.updatedAfter ? [changedSinceSql(filter.updatedAfter)] : []),
  ];
  return { ...q, from, until, where, status: filter.status ?? undefined };
}

/** The feed that follows a list: its tag's, its one type's, or the whole archive's. */
export function streamOf(types: readonly ContentType[] | undefined, tag?: string | null): Stream {
  if (tag) return { kind: "tag", tag };
  if (types?.length === 1) return { kind: "type", type: types[0] as ContentType };
  return { kind: "all" };
}

/**
 * Reads one page itself and hands its entries (with the nested parts the request selects) to
 * the loaders, in one statement; returns the page's rows in order.
 */
export type PageRead = (clauses: ReturnType<typeof pageClauses>) => Promise<ListedEntry[]>;

/**
 * A page of entries as a connection: one keyset statement for the page, then the entries
 * through the loaders (batched, and shared with the rest of the request). With `read`, the
 * page's own statement already primed them.
 */
export async function entryConnection<N>(
  ctx: Context,
  args: ConnectionArgs,
  query: ContentQuery,
  load: (rows: ListedEntry[]) => Promise<(N | null | Error)[]>,
  feedStream: Stream = streamOf(query.types),
  read?: PageRead,
) {
  const { db, cacheTags } = ctx.reader;
  const page = keysetPage(args, timeCursor.decode);
  cacheTags.list(query.types);
  const rows = read ? await read(pageClauses(query, page)) : await listEntries(db, query, page);
  const nodes = (await load(rows)).map((n) => (n instanceof Error ? null : n));
  const cursorOf = (r: ListedEntry) => timeCursor.encode({ at: r.sortAt, id: r.id });
  return {
    ...toConnection(rows, page, args, cursorOf, nodes, () => countEntries(db, query)),
    feedStream,
  };
}

/**
 * A type's entry by slug, as the reader may see it (null when missing or hidden). With `read`,
 * one statement reads it with the nested parts the request selects.
 */
export async function entryBySlug<N>(
  ctx: Context,
  type: ContentType,
  slug: string,
  records: LoaderFactory<DataLoader<number, N | null>>,
  read?: PageRead,
): Promise<N | null> {
  const { db, visibility, cacheTags } = ctx.reader;
  cacheTags.list([type]);
  let id: number | null;
  if (read) {
    const where = slugWhere(type, slug, visibility);
    id = where ? ((await read({ where, orderBy: [], limit: 1 }))[0]?.id ?? null) : null;
  } else {
    id = await entryIdBySlug(db, type, slug, visibility);
  }
  return id == null ? null : ctx.reader.use(records).load(id);
}

/** A page of one type's entries, loaded by its own loader; followed by its type's (or tag's) feed. */
export function typeConnection<N>(
  ctx: Context,
  args: ConnectionArgs,
  query: ContentQuery,
  records: LoaderFactory<DataLoader<number, N | null>>,
  options: { tag?: string | null; read?: PageRead } = {},
) {
  const load = ctx.reader.use(records);
  const rows = (list: ListedEntry[]) => load.loadMany(list.map((r) => r.id));
  return entryConnection(ctx, args, query, rows, streamOf(query.types, options.tag), options.read);
}
