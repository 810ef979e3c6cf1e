/** pollResults: a poll's counts as votes arrive, over SSE. */
import { clientError } from "../../errors.js";
import { builder } from "../../graphql/builder.js";
import { refreshContext } from "../../graphql/context.js";
import { at, stream } from "../../graphql/subscriptions.js";
import { decodeIdOf } from "../../read/ids.js";
import { PollRef } from "./graphql.js";
import { pollRecords } from "./loaders.js";
import { hiddenFor, pollStatus } from "./results.js";

/** At most this many pushes per second per subscription, whatever the vote rate (trailing edge kept). */
const PUSHES_PER_SECOND = 4;

builder.subscriptionField("pollResults", (t) =>
  t.field({
    type: PollRef,
    description:
      "The poll now, then again after votes (at most 4 updates a second), with counts only if you may see them (send X-Voter-Key for AFTER_VOTE). Ends when the poll closes.",
    args: { pollId: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => {
      const pollId = decodeIdOf("Poll", String(args.pollId), "pollId");
      return stream<number>(ctx, async (push, stop) => {
        const poll = await ctx.reader.use(pollRecords).load(pollId);
        if (!poll) throw clientError("NOT_FOUND", "No such poll.");
        push(pollId);
        if (pollStatus(poll, ctx.clock()) === "closed") {
          stop();
          return () => {};
        }
        let last = 0;
        let trailing: NodeJS.Timeout | null = null;
        const interval = 1000 / PUSHES_PER_SECOND;
        // While the counts are hidden from this subscriber, a vote changes nothing they may
        // see: pushing anyway would let them count votes by the pushes. Push when they see
        // counts, or when what hides them changes (their own vote on an AFTER_VOTE poll).
        let hidden = await hiddenFor(ctx.reader, poll);
        const pushIfVisible = async () => {
          refreshContext(ctx);
          const now = await ctx.reader.use(pollRecords).load(pollId);
          const reason = now ? await hiddenFor(ctx.reader, now) : null;
          if (reason !== null && reason === hidden) return;
          hidden = reason;
          push(pollId);
        };
        const unsubscribe = ctx.bus.subscribe((event) => {
          if (event.kind !== "voted" || event.pollId !== pollId || trailing) return;
          const wait = Math.max(0, last + interval - Date.now());
          trailing = setTimeout(() => {
            trailing = null;
            last = Date.now();
            void pushIfVisible().catch(() => push(pollId));
          }, wait);
        }, "cluster");
        // The final state at the close, then a clean end.
        const closing = poll.closesAt
          ? at(poll.closesAt, ctx.clock, () => {
              push(pollId);
              stop();
            })
          : null;
        return () => {
          unsubscribe();
          if (trailing) clearTimeout(trailing);
          closing?.cancel();
        };
      });
    },
    resolve: async (pollId, _args, ctx) => {
      refreshContext(ctx);
      const poll = await ctx.reader.use(pollRecords).load(pollId);
      if (!poll) throw clientError("NOT_FOUND", "The poll is no longer available.");
      return poll;
    },
  }),
);
