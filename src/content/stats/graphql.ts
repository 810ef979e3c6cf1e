import { builder, pageComplexity } from "../../graphql/builder.js";
import type { Selected } from "../../graphql/lookahead.js";
import { keysetPage, toConnection, weekCursor } from "../../graphql/pagination.js";
import { PersonRef } from "../people/graphql.js";
import { type StatsNode, statsLoaders } from "./loaders.js";
import { countStats, listStats, type StatsParts } from "./reads.js";

export const StatsRef = builder.objectRef<StatsNode>("WeeklyStats");

const BrowserShareRef = builder
  .objectRef<{ browser: string; share: string }>("BrowserShare")
  .implement({
    fields: (t) => ({
      browser: t.exposeString("browser"),
      share: t.float({
        description: "Percent of visitors: 4.26 means 4.26%.",
        resolve: (b) => Number(b.share),
      }),
    }),
  });

const MailingListRef = builder
  .objectRef<{ list: string; posts: number | null; url: string | null }>("MailingListActivity")
  .implement({
    fields: (t) => ({
      list: t.exposeString("list"),
      posts: t.exposeInt("posts", { nullable: true }),
      url: t.exposeString("url", { nullable: true }),
    }),
  });

builder.node(StatsRef, {
  id: { resolve: (s) => s.id },
  fields: (t) => ({
    weekStart: t.field({ type: "Date", resolve: (s) => s.weekStart }),
    weekEnd: t.field({ type: "Date", resolve: (s) => s.weekEnd }),
    visitors: t.exposeInt("visitors", { nullable: true }),
    pageViews: t.exposeInt("pageViews", { nullable: true }),
    browserShares: t.field({
      type: [BrowserShareRef],
      resolve: (s, _args, ctx) => ctx.reader.use(statsLoaders).shares.load(s.id),
    }),
    mailingLists: t.field({
      type: [MailingListRef],
      resolve: (s, _args, ctx) => ctx.reader.use(statsLoaders).mailingLists.load(s.id),
    }),
    superstars: t.field({
      type: [PersonRef],
      resolve: (s, _args, ctx) => ctx.reader.use(statsLoaders).superstars.load(s.id),
    }),
  }),
});

const StatsConnectionRef = builder.connectionObject(
  { type: StatsRef, name: "WeeklyStatsConnection" },
  { name: "WeeklyStatsEdge" },
);

builder.queryField("weeklyStats", (t) =>
  t.connection(
    {
      type: StatsRef,
      description: "Weekly figures, newest week first.",
      complexity: pageComplexity,
      resolve: async (_root, args, ctx) => {
        const { db, visibility, cacheTags } = ctx.reader;
        const page = keysetPage(args, weekCursor.decode);
        cacheTags.shared();
        const rows = await listStats(db, visibility, page);
        const nodes = rows.map((r) => ({ ...r, __typename: "WeeklyStats" as const }));
        return toConnection(
          rows,
          page,
          args,
          (r) => weekCursor.encode({ at: new Date(`${r.weekStart}T00:00:00Z`), id: r.id }),
          nodes,
          () => countStats(db, visibility),
        );
      },
    },
    StatsConnectionRef,
  ),
);

/** Which parts of weekly stats the request selects under `stats`. */
export function statsParts(stats: Selected): StatsParts {
  return {
    shares: stats.has("browserShares"),
    mailingLists: stats.has("mailingLists"),
    superstars: stats.has("superstars"),
  };
}
