import type { Context } from "../../context.js";
import { contentIdForSlug } from "../../db/repos/content.js";
import type { OptionRow } from "../../db/repos/polls/queries.js";
import type { PollNode } from "../../loaders/content.js";
import { type HiddenReason, pollStatus, resultsHidden } from "../../polls/results.js";
import { builder, pageComplexity } from "../builder.js";
import { ContentRef, contentConnection } from "./content.js";
import { EventRef } from "./event.js";
import { PersonRef } from "./person.js";
import { RichTextRef, richTextOf } from "./rich-text.js";

export const PollRef = builder.objectRef<PollNode>("Poll");

/** An option as a reader may see it: counts only when the poll's results are visible to them. */
export type OptionShape = OptionRow & {
  total: number;
  hidden: HiddenReason | null;
  __typename: "PollOption";
};
export const PollOptionRef = builder.objectRef<OptionShape>("PollOption");

export const PollStatusEnum = builder.enumType("PollStatus", {
  values: {
    UPCOMING: { value: "upcoming" },
    OPEN: { value: "open" },
    CLOSED: { value: "closed" },
  } as const,
});

const HiddenReasonEnum = builder.enumType("ResultsHiddenReason", {
  description: "Why a poll's counts read as null.",
  values: {
    UNTIL_YOU_VOTE: {
      value: "until_you_vote",
      description: "Shown to a reader once they voted (send X-Voter-Key).",
    },
    UNTIL_CLOSE: { value: "until_close", description: "Shown once the poll closes." },
  } as const,
});

/** Percent of all votes, two decimals; 0 when nobody voted. */
const share = (votes: number, total: number) =>
  total === 0 ? 0 : Math.round((votes / total) * 10_000) / 100;

builder.node(PollOptionRef, {
  id: { resolve: (o) => o.id },
  fields: (t) => ({
    label: t.exposeString("label"),
    imageUrl: t.exposeString("imageUrl", { nullable: true }),
    votes: t.int({
      nullable: true,
      description:
        "Null while the poll's results are hidden from you (see Poll.resultsHiddenReason).",
      resolve: (o) => (o.hidden ? null : o.voteCount),
    }),
    share: t.float({
      nullable: true,
      description: "Percent of the poll's votes (0–100); null while results are hidden.",
      resolve: (o) => (o.hidden ? null : share(o.voteCount, o.total)),
    }),
  }),
});

/** Why this request may not see the poll's counts (null: it may). */
async function hiddenFor(poll: PollNode, ctx: Context): Promise<HiddenReason | null> {
  const votedOptionId =
    poll.resultsVisibility === "after_vote" ? await ctx.loaders.polls.myVote.load(poll.id) : null;
  return resultsHidden(poll, { now: ctx.now, viewer: ctx.viewer, votedOptionId });
}

/** A poll's options as this request may see them, with the poll's total attached for shares. */
export async function optionsOf(poll: PollNode, ctx: Context): Promise<OptionShape[]> {
  const [rows, hidden] = await Promise.all([
    ctx.loaders.polls.options.load(poll.id),
    hiddenFor(poll, ctx),
  ]);
  const total = rows.reduce((sum, o) => sum + o.voteCount, 0);
  return rows.map((o) => ({ ...o, total, hidden, __typename: "PollOption" as const }));
}

export const ResultsVisibilityEnum = builder.enumType("ResultsVisibility", {
  values: {
    ALWAYS: { value: "always" },
    AFTER_VOTE: {
      value: "after_vote",
      description: "Each reader sees counts once they voted; everyone after the close.",
    },
    AFTER_CLOSE: { value: "after_close" },
  } as const,
});

builder.node(PollRef, {
  interfaces: [ContentRef],
  id: { resolve: (p) => p.id },
  fields: (t) => ({
    question: t.exposeString("question"),
    description: t.field({
      type: RichTextRef,
      nullable: true,
      resolve: richTextOf((p) => p.descriptionMd),
    }),
    opensAt: t.field({ type: "DateTime", nullable: true, resolve: (p) => p.opensAt }),
    closesAt: t.field({ type: "DateTime", nullable: true, resolve: (p) => p.closesAt }),
    status: t.field({ type: PollStatusEnum, resolve: (p, _args, ctx) => pollStatus(p, ctx.now) }),
    resultsVisibility: t.field({
      type: ResultsVisibilityEnum,
      resolve: (p) => p.resultsVisibility,
    }),
    resultsHiddenReason: t.field({
      type: HiddenReasonEnum,
      nullable: true,
      description: "Set when votes, shares, totalVotes and winner read as null for you.",
      resolve: (p, _args, ctx) => hiddenFor(p, ctx),
    }),
    options: t.field({ type: [PollOptionRef], resolve: (p, _args, ctx) => optionsOf(p, ctx) }),
    totalVotes: t.int({
      nullable: true,
      description: "Null while results are hidden from you.",
      resolve: async (p, _args, ctx) => {
        const options = await optionsOf(p, ctx);
        return options[0]?.hidden ? null : options.reduce((sum, o) => sum + o.voteCount, 0);
      },
    }),
    winner: t.field({
      type: PollOptionRef,
      nullable: true,
      description:
        "The option with the most votes once the poll has closed; null while open, with no votes, or on a tie.",
      resolve: async (p, _args, ctx) => {
        if (pollStatus(p, ctx.now) !== "closed") return null;
        const options = await optionsOf(p, ctx);
        const top = Math.max(0, ...options.map((o) => o.voteCount));
        const leaders = options.filter((o) => o.voteCount === top);
        return top > 0 && leaders.length === 1 && !leaders[0]?.hidden ? (leaders[0] ?? null) : null;
      },
    }),
    myVote: t.field({
      type: PollOptionRef,
      nullable: true,
      description: "The option the reader behind X-Voter-Key chose, if they voted.",
      resolve: async (p, _args, ctx) => {
        const optionId = await ctx.loaders.polls.myVote.load(p.id);
        return optionId == null
          ? null
          : ((await optionsOf(p, ctx)).find((o) => o.id === optionId) ?? null);
      },
    }),
    resultsEvent: t.field({
      type: EventRef,
      nullable: true,
      description: "Where the result is announced.",
      resolve: (p, _args, ctx) =>
        p.resultsEventId == null ? null : ctx.loaders.event.load(p.resultsEventId),
    }),
    resultsAnnouncedOn: t.field({
      type: "Date",
      nullable: true,
      resolve: (p) => p.resultsAnnouncedOn,
    }),
    credits: t.field({
      type: [PersonRef],
      resolve: async (p, _args, ctx) =>
        (await ctx.loaders.polls.credits.load(p.id)).map((c) => c.person),
    }),
  }),
});

const PollFilterInput = builder.inputType("PollFilter", {
  fields: (t) => ({ status: t.field({ type: PollStatusEnum }) }),
});

const PollConnectionRef = builder.connectionObject(
  { type: PollRef, name: "PollConnection" },
  { name: "PollEdge" },
);

builder.queryFields((t) => ({
  poll: t.field({
    type: PollRef,
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (_root, { slug }, ctx) => {
      ctx.deps.list(["poll"]);
      const id = await contentIdForSlug(ctx.db, "poll", slug, ctx.loaders.visibility);
      return id == null ? null : ctx.loaders.poll.load(id);
    },
  }),
  polls: t.connection(
    {
      type: PollRef,
      description: "Polls, newest first.",
      args: { filter: t.arg({ type: PollFilterInput }) },
      complexity: pageComplexity,
      resolve: (_root, args, ctx) =>
        contentConnection(
          ctx,
          args,
          {
            visibility: ctx.loaders.visibility,
            types: ["poll"],
            pollStatus: args.filter?.status
              ? { status: args.filter.status, now: ctx.now }
              : undefined,
          },
          (rows) => ctx.loaders.poll.loadMany(rows.map((r) => r.id)),
        ),
    },
    PollConnectionRef,
  ),
}));
