/** Reading the archive across types: the timeline and its months. */
import { builder, pageComplexity } from "../../graphql/builder.js";
import type { Context } from "../../graphql/context.js";
import { type ListedEntry, type MonthCount, monthCounts } from "../../read/listing.js";
import { monthRange } from "../../read/months.js";
import { CONTENT_TYPES, type ContentType, TYPE_NAMES } from "../../registry.js";
import {
  applyContentFilter,
  ContentConnectionRef,
  ContentFilterInput,
  ContentRef,
  ContentTypeEnum,
  entryConnection,
  streamOf,
} from "./graphql.js";

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
        const types = args.types ?? undefined;
        const query = applyContentFilter({ visibility: ctx.reader.visibility, types }, args.filter);
        const stream = streamOf(types, args.filter?.tag);
        const load = (rows: ListedEntry[]) => ctx.reader.entries(rows);
        return entryConnection(ctx, args, query, load, stream, (c) => ctx.reader.readPage(c));
      },
    },
    ContentConnectionRef,
  ),
);

interface ArchiveMonthShape {
  month: string;
  counts: Record<ContentType, number>;
}

function byMonth(rows: MonthCount[]): ArchiveMonthShape[] {
  const months = new Map<string, ArchiveMonthShape>();
  for (const r of rows) {
    let m = months.get(r.month);
    if (!m) {
      const counts = Object.fromEntries(CONTENT_TYPES.map((type) => [type, 0]));
      m = { month: r.month, counts: counts as Record<ContentType, number> };
      months.set(r.month, m);
    }
    m.counts[r.type] += r.n;
  }
  return [...months.values()].sort((a, b) => (a.month < b.month ? 1 : -1));
}

const ArchiveMonthRef = builder.objectRef<ArchiveMonthShape>("ArchiveMonth").implement({
  description: "A month of the archive (UTC) and what it holds.",
  fields: (t) => ({
    month: t.exposeString("month", { description: '"YYYY-MM"' }),
    total: t.int({ resolve: (m) => Object.values(m.counts).reduce((a, b) => a + b, 0) }),
    // One count per type, named by its plural: issues, announcements, events, polls.
    ...Object.fromEntries(
      CONTENT_TYPES.map((type) => [
        TYPE_NAMES[type].plural,
        t.int({ resolve: (m) => m.counts[type] }),
      ]),
    ),
    entries: t.field({
      type: ContentConnectionRef,
      description: "The month's entries, newest first.",
      args: { first: t.arg.int(), after: t.arg.string() },
      complexity: pageComplexity,
      resolve: (m, args, ctx: Context) => {
        const range = monthRange(m.month);
        const query = { visibility: ctx.reader.visibility, from: range.from, until: range.until };
        const load = (rows: ListedEntry[]) => ctx.reader.entries(rows);
        const read = (c: Parameters<typeof ctx.reader.readPage>[0]) => ctx.reader.readPage(c);
        return entryConnection(ctx, args, query, load, undefined, read);
      },
    }),
  }),
});

builder.queryFields((t) => ({
  archive: t.field({
    type: [ArchiveMonthRef],
    description: "Months that have content, newest first, with counts per type.",
    resolve: async (_root, _args, ctx) => {
      ctx.reader.cacheTags.list(undefined);
      return byMonth(await monthCounts(ctx.reader.db, { visibility: ctx.reader.visibility }));
    },
  }),
  archiveMonth: t.field({
    type: ArchiveMonthRef,
    nullable: true,
    description: 'One month, "YYYY-MM"; null when it holds nothing.',
    args: { month: t.arg.string({ required: true }) },
    resolve: async (_root, { month }, ctx) => {
      const { from, until } = monthRange(month);
      ctx.reader.cacheTags.list(undefined);
      const query = { visibility: ctx.reader.visibility, from, until };
      const [m] = byMonth(await monthCounts(ctx.reader.db, query));
      return m ?? null;
    },
  }),
}));
