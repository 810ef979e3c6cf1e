import type { Context } from "../../context.js";
import type { ContentType } from "../../db/repos/content.js";
import { type MonthCount, monthCounts } from "../../db/repos/listing.js";
import { builder, pageComplexity } from "../builder.js";
import { ContentConnectionRef, contentConnection, loadMixed, monthRange } from "./content.js";

interface ArchiveMonthShape {
  month: string;
  counts: Record<ContentType, number>;
}

function byMonth(rows: MonthCount[]): ArchiveMonthShape[] {
  const months = new Map<string, ArchiveMonthShape>();
  for (const r of rows) {
    let m = months.get(r.month);
    if (!m) {
      m = { month: r.month, counts: { issue: 0, announcement: 0, event: 0, poll: 0 } };
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
    issues: t.int({ resolve: (m) => m.counts.issue }),
    announcements: t.int({ resolve: (m) => m.counts.announcement }),
    events: t.int({ resolve: (m) => m.counts.event }),
    polls: t.int({ resolve: (m) => m.counts.poll }),
    entries: t.field({
      type: ContentConnectionRef,
      description: "The month's entries, newest first.",
      args: { first: t.arg.int(), after: t.arg.string() },
      complexity: pageComplexity,
      resolve: (m, args, ctx: Context) => {
        const range = monthRange(m.month);
        return contentConnection(
          ctx,
          args,
          { visibility: ctx.loaders.visibility, from: range.from, until: range.until },
          (rows) => loadMixed(ctx, rows),
        );
      },
    }),
  }),
});

builder.queryFields((t) => ({
  archive: t.field({
    type: [ArchiveMonthRef],
    description: "Months that have content, newest first, with counts per type.",
    resolve: async (_root, _args, ctx) => {
      ctx.deps.list(undefined);
      return byMonth(await monthCounts(ctx.db, { visibility: ctx.loaders.visibility }));
    },
  }),
  archiveMonth: t.field({
    type: ArchiveMonthRef,
    nullable: true,
    description: 'One month, "YYYY-MM"; null when it holds nothing.',
    args: { month: t.arg.string({ required: true }) },
    resolve: async (_root, { month }, ctx) => {
      const range = monthRange(month);
      ctx.deps.list(undefined);
      const [m] = byMonth(
        await monthCounts(ctx.db, {
          visibility: ctx.loaders.visibility,
          from: range.from,
          until: range.until,
        }),
      );
      return m ?? null;
    },
  }),
}));
