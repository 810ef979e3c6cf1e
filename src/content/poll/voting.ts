import type { EventBus } from "../../bus/bus.js";
import type { Db } from "../../db/client.js";
import { InputError } from "../../errors.js";
import { VOTER_KEY, voterHash } from "./voter.js";
import { castVote, type VoteOutcome } from "./votes.js";

export interface VoteScope {
  db: Db;
  bus: EventBus;
  /** The server key voter hashes are made with. */
  voterKey: Buffer;
  /** Runs the vote's statement; the app bounds how many run at once. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Tests only: decide "open" by this clock instead of the database's. */
  clock?: () => Date;
}

/**
 * The one public write (rate-limited per client before execution: see install.ts). Exact
 * under concurrency (one atomic statement; one vote per voter hash and poll, by unique key),
 * announced on the bus when counted.
 */
export async function vote(
  scope: VoteScope,
  ballot: { pollId: number; optionId: number; voterKey: string },
): Promise<VoteOutcome> {
  if (!VOTER_KEY.test(ballot.voterKey)) {
    throw InputError.of(
      ["input", "voterKey"],
      "must be 16–128 characters of letters, digits, - and _ (e.g. a random UUID kept per reader)",
      "INVALID_VOTER_KEY",
    );
  }
  const hash = voterHash(scope.voterKey, ballot.pollId, ballot.voterKey);
  const { pollId, optionId } = ballot;
  const outcome = await scope.run(() =>
    castVote(scope.db, { pollId, optionId, voterHash: hash }, scope.clock?.()),
  );
  if (outcome.kind === "accepted") scope.bus.publish({ kind: "voted", pollId, at: new Date() });
  return outcome;
}
