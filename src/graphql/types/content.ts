import type { Context } from "../../context.js";
import type { ContentType } from "../../db/repos/content.js";
import {
  type ContentQuery,
  countContent,
  type ListedContent,
  listContent,
} from "../../db/repos/listing.js";
import { type Stream, typeStream } from "../../feeds/streams.js";
import type { ContentNode } from "../../loaders/content.js";
import { builder, pageComplexity } from "../builder.js";
import { clientError } from "../errors.js";
import { type ConnectionArgs, keysetPage, timeCursor, toConnection } from "../pagination.js";

/** Path segment of each type's pages on the site. */
const SITE_PATH: Record<ContentType, string> = {
  issue: "issues",
  announcement: "announcements",
  event: "events",
  poll: "polls",
};

/** Canonical page of an entry on the site (SITE_URL). */
export function contentUrl(
  ctx: Pick<Context, "urls">,
  node: { type: ContentType; slug: string },
): string {
  return `${ctx.urls.site}/${SITE_PATH[node.type]}/${encodeURIComponent(node.slug)}`;
}

export const ContentTypeEnum = builder.enumType("ContentType", {
  values: {
    ISSUE: { value: "issue" },
    ANNOUNCEMENT: { value: "announcement" },
    EVENT: { value: "event" },
    POLL: { value: "poll" },
  } as const,
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

export const TagRef = builder.objectRef<{ slug: string; name: string }>("Tag").implement({
  fields: (t) => ({
    slug: t.exposeString("slug"),
    name: t.exposeString("name"),
  }),
});

export const ContentRef = builder.interfaceRef<ContentNode>("Content").implement({
  description: "An entry of the archive: an issue, announcement, event or poll.",
  interfaces: [builder.nodeInterfaceRef()],
  resolveType: (node) => node.__typename,
  fields: (t) => ({
    slug: t.exposeString("slug"),
    title: t.exposeString("title"),
    url: t.string({
      description: "Canonical page on the site.",
      resolve: (node, _args, ctx) => contentUrl(ctx, node),
    }),
    publishedAt: t.field({ type: "DateTime", nullable: true, resolve: (node) => node.publishedAt }),
    publishedAtPrecision: t.field({
      type: DatePrecisionEnum,
      resolve: (node) => node.publishedAtPrecision,
    }),
    updatedAt: t.field({ type: "DateTime", resolve: (node) => node.updatedAt }),
    publicationStatus: t.field({
      type: ContentStatusEnum,
      description:
        "DRAFT, SCHEDULED (not yet due) or PUBLISHED (including scheduled entries whose time has come).",
      resolve: (node, _args, ctx) =>
        node.status === "scheduled" && node.publishedAt && node.publishedAt <= ctx.now
          ? "published"
          : node.status,
    }),

    tags: t.field({
      type: [TagRef],
      resolve: (node, _args, ctx) => ctx.loaders.tags.load(node.id),
    }),
  }),
});

builder.interfaceField(ContentRef, "revisionOf", (t) =>
  t.field({
    type: ContentRef,
    nullable: true,
    description:
      "On a pending edit (seen by editors and previews): the live entry it will replace when published.",
    resolve: (node, _args, ctx) =>
      node.revisionOf == null ? null : ctx.loaders.content.load(node.revisionOf),
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
    status: t.field({
      type: [ContentStatusEnum],
      description: "Editors: only entries in these states (readers only ever see published ones).",
    }),
  }),
});

/** [start, end) of a "YYYY-MM" month in UTC; a clear error for anything else. */
export function monthRange(month: string, argName = "month"): { from: Date; until: Date } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m)
    throw clientError(
      "BAD_USER_INPUT",
      `"${argName}" must be a month "YYYY-MM", got ${JSON.stringify(month)}.`,
      { argumentName: argName },
    );
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  if (year < 1)
    throw clientError("BAD_USER_INPUT", `"${argName}" must be a month in years 0001–9999.`, {
      argumentName: argName,
    });
  // Date.UTC maps years 0–99 onto 1900–1999; setUTCFullYear keeps them literal.
  const at = (y: number, mi: number) => {
    const d = new Date(Date.UTC(2000, mi, 1));
    d.setUTCFullYear(y, mi, 1);
    return d;
  };
  // December 9999 ends at the last instant a DateTime can name, not in year 10000 (which
  // Date would print as "+010000-…", a form Postgres does not read).
  const until =
    year === 9999 && index === 11
      ? new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999))
      : at(year, index + 1);
  return { from: at(year, index), until };
}

export interface ContentFilterArgs {
  publishedAfter?: Date | null;
  publishedBefore?: Date | null;
  month?: string | null;
  tag?: string | null;
  status?: readonly ("draft" | "scheduled" | "published")[] | null;
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
  return { ...q, from, until, tag: filter.tag ?? undefined, status: filter.status ?? undefined };
}

/**
 * A page of content as a connection: one keyset statement for the page, then the
 * nodes through the per-type loaders (batched, and shared with the rest of the request).
 */
export async function contentConnection<N extends ContentNode>(
  ctx: Context,
  args: ConnectionArgs,
  query: ContentQuery,
  load: (rows: ListedContent[]) => Promise<(N | null | Error)[]>,
) {
  const page = keysetPage(args, timeCursor.decode);
  ctx.deps.list(query.types);
  const rows = await listContent(ctx.db, query, page);
  const loaded = await load(rows);
  const nodes = loaded.map((n) => (n instanceof Error ? null : n));
  return {
    ...toConnection(rows, page, args, timeCursorOf, nodes, () => countContent(ctx.db, query)),
    feedStream: feedStreamOf(query),
  };
}

/** The feed that covers a list: its tag's, its one type's, or the whole archive's. */
function feedStreamOf(query: ContentQuery): Stream {
  if (query.tag) return { kind: "tag", tag: query.tag };
  if (query.types?.length === 1) return typeStream(query.types[0] as ContentType);
  return { kind: "all" };
}

const timeCursorOf = (r: { sortAt: Date; id: number }) =>
  timeCursor.encode({ at: r.sortAt, id: r.id });

/** Load mixed content ids through the per-type loaders. */
export function loadMixed(ctx: Context, rows: { id: number; type: ContentType }[]) {
  return Promise.all(
    rows.map((r) => ctx.loaders.byType[r.type].load(r.id) as Promise<ContentNode | null>),
  );
}

builder.queryField("timeline", (t) =>
  t.connection(
    {
      type: ContentRef,
      description: "Every type of entry, newest first: the archive.",
      args: {
        filter: t.arg({ type: ContentFilterInput }),
        types: t.arg({ type: [ContentTypeEnum] }),
      },
      complexity: pageComplexity,
      resolve: async (_root, args, ctx) => {
        const query = applyContentFilter(
          { visibility: ctx.loaders.visibility, types: args.types ?? undefined },
          args.filter,
        );
        return contentConnection(ctx, args, query, (rows) => loadMixed(ctx, rows));
      },
    },
    ContentConnectionRef,
  ),
);
