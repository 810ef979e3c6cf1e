/** Editorial mutations for standalone weekly stats (scope editor). */
import { InputError, NotFoundError } from "../../errors.js";
import { builder, type InputFields } from "../../graphql/builder.js";
import { type Context, writeScope } from "../../graphql/context.js";
import { decodeIdOf } from "../../read/ids.js";
import { createStats, deleteStats, setStatsPublication, updateStats } from "./edit.js";
import { StatsRef } from "./graphql.js";
import { statsLoaders } from "./loaders.js";

const BrowserShareInput = builder.inputType("BrowserShareInput", {
  fields: (t) => ({
    browser: t.string({ required: true }),
    share: t.float({ required: true, description: "Percent, 0–100." }),
  }),
});

const MailingListInput = builder.inputType("MailingListInput", {
  fields: (t) => ({ list: t.string({ required: true }), posts: t.int(), url: t.string() }),
});

function statsFields(t: InputFields, required: boolean) {
  return {
    weekStart: t.field({ type: "Date", required }),
    weekEnd: t.field({ type: "Date", required }),
    visitors: t.int(),
    pageViews: t.int(),
    browserShares: t.field({ type: [BrowserShareInput] }),
    mailingLists: t.field({ type: [MailingListInput] }),
    superstars: t.stringList({ description: "Person slugs." }),
  };
}

/** Also an issue's `stats` input. */
export const WeeklyStatsInputRef = builder.inputType("WeeklyStatsInput", {
  fields: (t) => statsFields(t, true),
});
const WeeklyStatsPatchRef = builder.inputType("WeeklyStatsPatch", {
  fields: (t) => statsFields(t, false),
});

const StatsStatusEnum = builder.enumType("WeeklyStatsPublication", {
  values: {
    PUBLISHED: { value: "published" },
    SCHEDULED: { value: "scheduled" },
    DRAFT: { value: "draft" },
  } as const,
});

/** The stats as written, whatever their status, read past this request's cached loads. */
async function written(ctx: Context, id: number) {
  const stats = await ctx.reader.use(statsLoaders).owned.clear(id).load(id);
  if (!stats) throw new NotFoundError(String(id));
  return stats;
}

const statsId = (id: string | number) => decodeIdOf("WeeklyStats", String(id));

builder.mutationFields((t) => ({
  createWeeklyStats: t.field({
    type: StatsRef,
    description: "Standalone weekly stats, as a draft (an issue's own stats come with the issue).",
    authScopes: { editor: true },
    errors: { types: [InputError], dataField: { name: "weeklyStats" } },
    args: { input: t.arg({ type: WeeklyStatsInputRef, required: true }) },
    resolve: async (_r, args, ctx) => written(ctx, await createStats(writeScope(ctx), args.input)),
  }),
  updateWeeklyStats: t.field({
    type: StatsRef,
    authScopes: { editor: true },
    errors: { types: [InputError, NotFoundError], dataField: { name: "weeklyStats" } },
    args: {
      id: t.arg.id({ required: true }),
      patch: t.arg({ type: WeeklyStatsPatchRef, required: true }),
    },
    resolve: async (_r, args, ctx) => {
      const patch = args.patch as Record<string, unknown>;
      const id = await updateStats(writeScope(ctx), statsId(args.id), String(args.id), patch);
      return written(ctx, id);
    },
  }),
  setWeeklyStatsPublication: t.field({
    type: StatsRef,
    description: "Publish now, schedule (with `at`), or return to draft.",
    authScopes: { editor: true },
    errors: { types: [InputError, NotFoundError], dataField: { name: "weeklyStats" } },
    args: {
      id: t.arg.id({ required: true }),
      status: t.arg({ type: StatsStatusEnum, required: true }),
      at: t.arg({ type: "DateTime" }),
    },
    resolve: async (_r, args, ctx) => {
      const change = { status: args.status, at: args.at ?? undefined };
      const id = statsId(args.id);
      return written(ctx, await setStatsPublication(writeScope(ctx), id, String(args.id), change));
    },
  }),
  deleteWeeklyStats: t.field({
    type: "ID",
    authScopes: { editor: true },
    errors: { types: [NotFoundError], dataField: { name: "deletedId" } },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) => {
      await deleteStats(writeScope(ctx), statsId(args.id), String(args.id));
      return String(args.id);
    },
  }),
}));
