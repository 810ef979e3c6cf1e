import { builder, pageComplexity } from "../../graphql/builder.js";
import { Selected } from "../../graphql/lookahead.js";
import { RichTextRef, richTextOf } from "../../graphql/rich-text.js";
import { changedSinceSql } from "../../read/listing.js";
import type { Reader } from "../../read/reader.js";
import { ContentRef, entryBySlug, type PageRead, typeConnection } from "../entry/graphql.js";
import { EventRef } from "../event/graphql.js";
import { eventRecords } from "../event/loaders.js";
import { PersonRef } from "../people/graphql.js";
import type { PersonRow } from "../people/reads.js";
import { type PollNode, pollLoaders, pollRecords, readPolls } from "./loaders.js";
import { inStatusSql, type PollParts } from "./reads.js";
import { hiddenFor, type OptionShape, pollStatus, share, visibleOptions } from "./results.js";

export const PollRef = builder.objectRef<PollNode>("Poll");
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
    NOT_RECORDED: {
      value: "not_recorded",
      description:
        "The counts were never recorded (an archived poll): unknown, not zero, for everyone.",
    },
  } as const,
});

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

const PollCreditRef = builder
  .objectRef<{ role: string | null; person: PersonRow }>("PollCredit")
  .implement({
    description: 'A person credited on a poll, and for what ("Synthetic artwork").',
    fields: (t) => ({
      person: t.field({ type: PersonRef, resolve: (c) => c.person }),
      role: t.exposeString("role", { nullable: true }),
    }),
  });

/** The option with the most votes once closed; null while open, with no votes, or on a tie. */
async function winnerOf(r: Reader, poll: PollNode): Promise<OptionShape | null> {
  if (pollStatus(poll, r.now) !== "closed") return null;
  const options = await visibleOptions(r, poll);
  const top = Math.max(0, ...options.map((o) => o.voteCount));
  const leaders = options.filter((o) => o.voteCount === top);
  return top > 0 && leaders.length === 1 && !leaders[0]?.hidden ? (leaders[0] ?? null) : null;
}

/** All votes, or null while the results are hidden from this reader. */
async function totalOf(r: Reader, poll: PollNode): Promise<number | null> {
  const options = await visibleOptions(r, poll);
  return options[0]?.hidden ? null : options.reduce((sum, o) => sum + o.voteCount, 0);
}

/** The option the reader behind X-Voter-Key chose, if they voted. */
async function myVoteOf(r: Reader, poll: PollNode): Promise<OptionShape | null> {
  const optionId = await r.use(pollLoaders).myVote.load(poll.id);
  if (optionId == null) return null;
  return (await visibleOptions(r, poll)).find((o) => o.id === optionId) ?? null;
}

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
    status: t.field({
      type: PollStatusEnum,
      resolve: (p, _args, ctx) => pollStatus(p, ctx.reader.now),
    }),
    resultsVisibility: t.field({
      type: ResultsVisibilityEnum,
      resolve: (p) => p.resultsVisibility,
    }),
    resultsHiddenReason: t.field({
      type: HiddenReasonEnum,
      nullable: true,
      description: "Set when votes, shares, totalVotes and winner read as null for you.",
      resolve: (p, _args, ctx) => hiddenFor(ctx.reader, p),
    }),
    countsRecorded: t.boolean({
      description: "False when the poll's counts were never recorded (see resultsHiddenReason).",
      resolve: (p) => p.countsUnknownReason === null,
    }),
    options: t.field({
      type: [PollOptionRef],
      resolve: (p, _args, ctx) => visibleOptions(ctx.reader, p),
    }),
    totalVotes: t.int({
      nullable: true,
      description: "Null while results are hidden from you.",
      resolve: (p, _args, ctx) => totalOf(ctx.reader, p),
    }),
    winner: t.field({
      type: PollOptionRef,
      nullable: true,
      description:
        "The option with the most votes once the poll has closed; null while open, with no votes, or on a tie.",
      resolve: (p, _args, ctx) => winnerOf(ctx.reader, p),
    }),
    myVote: t.field({
      type: PollOptionRef,
      nullable: true,
      description: "The option the reader behind X-Voter-Key chose, if they voted.",
      resolve: (p, _args, ctx) => myVoteOf(ctx.reader, p),
    }),
    resultsEvent: t.field({
      type: EventRef,
      nullable: true,
      description: "Where the result is announced.",
      resolve: (p, _args, ctx) =>
        p.resultsEventId == null ? null : ctx.reader.use(eventRecords).load(p.resultsEventId),
    }),
    resultsAnnouncedOn: t.field({
      type: "Date",
      nullable: true,
      resolve: (p) => p.resultsAnnouncedOn,
    }),
    credits: t.field({
      type: [PersonRef],
      resolve: async (p, _args, ctx) =>
        (await ctx.reader.use(pollLoaders).credits.load(p.id)).map((c) => c.person),
    }),
    creditsWithRoles: t.field({
      type: [PollCreditRef],
      description:
        "The credits with their roles, in order: what PollInput.credits takes (credits lists the people alone).",
      resolve: (p, _args, ctx) => ctx.reader.use(pollLoaders).credits.load(p.id),
    }),
  }),
});

const PollFilterInput = builder.inputType("PollFilter", {
  fields: (t) => ({
    status: t.field({ type: PollStatusEnum }),
    updatedAfter: t.field({
      type: "DateTime",
      description: "Inclusive: only polls edited or published at or after this instant.",
    }),
  }),
});

/** Fields that read a poll's options (its results, its picture). */
const OPTION_FIELDS = ["options", "totalVotes", "winner", "myVote", "coverImage", "seo"];

/** What a poll read brings along, from what the request selects under it. */
function pollParts(poll: Selected | null): PollParts {
  return {
    options: OPTION_FIELDS.some((name) => poll?.has(name)),
    credits: (poll?.has("credits") || poll?.has("creditsWithRoles")) ?? false,
  };
}

const PollConnectionRef = builder.connectionObject(
  { type: PollRef, name: "PollConnection" },
  { name: "PollEdge" },
);

builder.queryFields((t) => ({
  poll: t.field({
    type: PollRef,
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_root, { slug }, ctx, info) => {
      const parts = pollParts(Selected.of(info));
      const read: PageRead = (clauses) => readPolls(ctx.reader, clauses, parts);
      return entryBySlug(ctx, "poll", slug, pollRecords, read);
    },
  }),
  polls: t.connection(
    {
      type: PollRef,
      description: "Polls, newest first.",
      args: { filter: t.arg({ type: PollFilterInput }) },
      complexity: pageComplexity,
      resolve: (_root, args, ctx, info) => {
        const parts = pollParts(Selected.of(info).path("edges", "node"));
        const read: PageRead = (clauses) => readPolls(ctx.reader, clauses, parts);
        const { status, updatedAfter } = args.filter ?? {};
        const query = {
          visibility: ctx.reader.visibility,
          types: ["poll" as const],
          where: [
            ...(status ? [inStatusSql(status, ctx.reader.now)] : []),
            ...(updatedAfter ? [changedSinceSql(updatedAfter)] : []),
          ],
        };
        return typeConnection(ctx, args, query, pollRecords, { read });
      },
    },
    PollConnectionRef,
  ),
}));
