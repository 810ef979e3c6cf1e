import pLimit from "p-limit";
import type { Db } from "../db/client.js";
import { castVote, type VoteOutcome } from "../db/repos/votes.js";
import type { EventBus } from "../events.js";
import type { Keys } from "../secrets.js";
import { InputError } from "../validation.js";
import { VOTER_KEY, voterHash } from "./voter.js";

export interface VotingOptions {
  db: Db;
  bus: EventBus;
  keys: () => Keys;
  /** Votes in flight at once per instance: a storm queues here instead of taking every connection. */
  concurrency: number;
  /** Tests only: decide "open" by this clock instead of the database's. */
  clock?: () => Date;
}

export interface Voting {
  cast(vote: { pollId: number; optionId: number; voterKey: string }): Promise<VoteOutcome>;
}

/**
 * The one public write (rate-limited per client before execution: see vote-limit.ts). Bounded in concurrency, exact under
 * concurrency (one atomic statement; one vote per voter hash and poll by unique key),
 * announced on the bus when counted.
 */
export function createVoting(options: VotingOptions): Voting {
  const gate = pLimit(Math.max(1, options.concurrency));
  return {
    async cast(vote) {
      if (!VOTER_KEY.test(vote.voterKey)) {
        throw InputError.of(
          ["input", "voterKey"],
          "must be 16–128 characters of letters, digits, - and _ (e.g. a random UUID kept per reader)",
          "INVALID_VOTER_KEY",
        );
      }
      const hash = voterHash(options.keys().voter, vote.pollId, vote.voterKey);
      const outcome = await gate(() =>
        castVote(
          options.db,
          { pollId: vote.pollId, optionId: vote.optionId, voterHash: hash },
          options.clock?.(),
        ),
      );
      if (outcome.kind === "accepted")
        options.bus.publish({ kind: "voted", pollId: vote.pollId, at: new Date() });
      return outcome;
    },
  };
}
