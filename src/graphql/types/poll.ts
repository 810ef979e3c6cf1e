import { contentIdForSlug } from "../../db/repos/content.js";
import type { PollStatusFilter } from "../../db/repos/listing.js";
import type { OptionRow } from "../../db/repos/polls/queries.js";
import type { Loaders } from "../../loaders/all.js";
import type { PollNode } from "../../loaders/content.js";
import { builder, pageComplexity } from "../builder.js";
import { ContentRef, contentConnection } from "./content.js";
import { EventRef } from "./event.js";
import { PersonRef } from "./person.js";
import { RichTextRef, richTextOf } from "./rich-text.js";

export const PollRef = builder.objectRef<PollNode>("Poll");
export const PollOptionRef = builder.objectRef<OptionRow & { total: number }>("PollOption");

export const PollStatusEnum = builder.enumType("PollStatus", {
  values: {
    UPCOMING: { value: "upcoming" },
    OPEN: { value: "open" },
    CLOSED: { value: "closed" },
  } as const,
});

/** Status at `now`: UPCOMING before opensAt, CLOSED from closesAt on, OPEN between. */
export function pollStatus(
  poll: { opensAt: Date | null; closesAt: Date | null },
  now: Date,
): PollStatusFilter {
  if (poll.opensAt && poll.opensAt > now) return "upcoming";
  if (poll.closesAt && poll.closesAt <= now) return "closed";
  return "open";
}

/** Percent of all votes, two decimals; 0 when nobody voted. */
const share = (votes: number, total: number) =>
  total === 0 ? 0 : Math.round((votes / total) * 10_000) / 100;

builder.node(PollOptionRef, {
  id: { resolve: (o) => o.id },
  fields: (t) => ({
    label: t.exposeString("label"),
    imageUrl: t.exposeString("imageUrl", { nullable: true }),
    votes: t.int({ resolve: (o) => o.voteCount }),
    share: t.float({
      description: "Percent of the poll's votes (0–100).",
      resolve: (o) => share(o.voteCount, o.total),
    }),
  }),
});

/** A poll's options with the poll's total attached (for shares), typed for the Node interface. */
export async function optionsOf(poll: PollNode, loaders: Loaders) {
  const rows = await loaders.polls.options.load(poll.id);
  const total = rows.reduce((sum, o) => sum + o.voteCount, 0);
  return rows.map((o) => ({ ...o, total, __typename: "PollOption" as const }));
}

export const ResultsVisibilityEnum = builder.enumType("ResultsVisibility", {
  values: {
    ALWAYS: { value: "always" },
    AFTER_VOTE: { value: "after_vote" },
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
    options: t.field({
      type: [PollOptionRef],
      resolve: (p, _args, ctx) => optionsOf(p, ctx.loaders),
    }),
    totalVotes: t.int({
      resolve: async (p, _args, ctx) =>
        (await optionsOf(p, ctx.loaders)).reduce((sum, o) => sum + o.voteCount, 0),
    }),
    winner: t.field({
      type: PollOptionRef,
      nullable: true,
      description:
        "The option with the most votes once the poll has closed; null while open, with no votes, or on a tie.",
      resolve: async (p, _args, ctx) => {
        if (pollStatus(p, ctx.now) !== "closed") return null;
        const options = await optionsOf(p, ctx.loaders);
        const top = Math.max(0, ...options.map((o) => o.voteCount));
        const leaders = options.filter((o) => o.voteCount === top);
        return top > 0 && leaders.length === 1 ? (leaders[0] ?? null) : null;
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
