/** castVote (public) and its typed failures. */
import { InputError, NotFoundError } from "../../errors.js";
import { builder } from "../../graphql/builder.js";
import { type Context, writeScope } from "../../graphql/context.js";
import { ErrorInterface } from "../../graphql/errors.js";
import { decodeId } from "../../read/ids.js";
import { PollOptionRef, PollRef, PollStatusEnum } from "./graphql.js";
import { type PollNode, pollLoaders, pollRecords } from "./loaders.js";
import { pollStatus, visibleOptions } from "./results.js";
import { vote } from "./voting.js";

/** The voter already voted in this poll: nothing changed (repeating a vote is harmless). */
export class AlreadyVoted extends Error {
  constructor(
    readonly poll: PollNode,
    readonly optionId: number,
  ) {
    super("You already voted in this poll; your vote stands as cast.");
  }
}

/** Outside the voting window, by the database clock. */
export class PollNotOpen extends Error {
  constructor(
    readonly poll: PollNode,
    readonly opensAt: Date | null,
    readonly closesAt: Date | null,
  ) {
    super(
      closesAt && closesAt <= new Date() ? "This poll is closed." : "This poll is not open yet.",
    );
  }
}

export class OptionNotInPoll extends Error {
  constructor(readonly optionId: string) {
    super("That option does not belong to this poll.");
  }
}

builder.objectType(AlreadyVoted, {
  name: "AlreadyVoted",
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof AlreadyVoted,
  fields: (t) => ({
    option: t.field({
      type: PollOptionRef,
      description: "The option you chose.",
      resolve: async (e, _args, ctx) => {
        const options = await visibleOptions(ctx.reader, e.poll);
        return options.find((o) => o.id === e.optionId) as (typeof options)[number];
      },
    }),
    poll: t.field({ type: PollRef, resolve: (e) => e.poll }),
  }),
});

builder.objectType(PollNotOpen, {
  name: "PollNotOpen",
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof PollNotOpen,
  fields: (t) => ({
    opensAt: t.field({ type: "DateTime", nullable: true, resolve: (e) => e.opensAt }),
    closesAt: t.field({ type: "DateTime", nullable: true, resolve: (e) => e.closesAt }),
    status: t.field({
      type: PollStatusEnum,
      resolve: (e, _args, ctx) => pollStatus(e, ctx.clock()),
    }),
  }),
});

builder.objectType(OptionNotInPoll, {
  name: "OptionNotInPoll",
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof OptionNotInPoll,
  fields: (t) => ({ optionId: t.exposeID("optionId") }),
});

const CastVoteInput = builder.inputType("CastVoteInput", {
  fields: (t) => ({
    pollId: t.id({ required: true }),
    optionId: t.id({ required: true }),
    voterKey: t.string({
      required: true,
      description:
        "An opaque key the frontend keeps per reader (e.g. a random UUID in localStorage); 16–128 of A–Z a–z 0–9 - _. Only a keyed hash of poll + key is stored.",
    }),
  }),
});

/** The number behind a global id of the expected type, or null when it is another type. */
function idOf(value: string | number, type: "Poll" | "PollOption"): number | null {
  const decoded = decodeId(String(value));
  return decoded.type === type ? decoded.id : null;
}

/** The poll as it now stands (counts included, if this voter may see them). */
async function pollNow(ctx: Context, pollId: number): Promise<PollNode> {
  const loaders = ctx.reader.use(pollLoaders);
  loaders.options.clear(pollId);
  loaders.myVote.clear(pollId);
  return (await ctx.reader.use(pollRecords).clear(pollId).load(pollId)) as PollNode;
}

builder.mutationField("castVote", (t) =>
  t.field({
    type: PollRef,
    description: "Vote (public). One vote per voter key per poll; repeating it changes nothing.",
    errors: {
      types: [AlreadyVoted, PollNotOpen, OptionNotInPoll, NotFoundError, InputError],
      result: { name: "VoteAccepted" },
      union: { name: "CastVoteResult" },
      dataField: { name: "poll" },
    },
    args: { input: t.arg({ type: CastVoteInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const pollId = idOf(input.pollId, "Poll");
      if (pollId == null) throw new NotFoundError(String(input.pollId));
      const optionId = idOf(input.optionId, "PollOption");
      if (optionId == null) throw new OptionNotInPoll(String(input.optionId));
      const { db, bus } = writeScope(ctx);
      const scope = { db, bus, voterKey: ctx.keys.voter, ...ctx.votes };
      const outcome = await vote(scope, { pollId, optionId, voterKey: input.voterKey });
      if (outcome.kind === "not-found") throw new NotFoundError(String(input.pollId));
      if (outcome.kind === "option-not-in-poll") throw new OptionNotInPoll(String(input.optionId));
      const poll = await pollNow(ctx, pollId);
      if (outcome.kind === "already-voted") throw new AlreadyVoted(poll, outcome.optionId);
      if (outcome.kind === "not-open")
        throw new PollNotOpen(poll, outcome.opensAt, outcome.closesAt);
      return poll;
    },
  }),
);
