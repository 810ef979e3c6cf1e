import DataLoader from "dataloader";
import type { Dependencies } from "../cache/dependencies.js";
import type { Db } from "../db/client.js";
import type { PersonRow } from "../db/repos/people.js";
import {
  creditsByPollIds,
  type OptionRow,
  optionsByIds,
  optionsByPollIds,
} from "../db/repos/polls/queries.js";
import { votesOf } from "../db/repos/votes.js";
import { voterHash } from "../polls/voter.js";
import { alignMany, alignOne } from "./align.js";

/** The reader behind a request's X-Voter-Key, and the key their per-poll hashes use. */
export interface Voter {
  key: Buffer;
  voterKey: string;
}

export function pollLoaders(db: Db, voter: Voter | null, deps: Dependencies) {
  return {
    /** The option this request's voter chose in each poll (null: not voted, or no voter key). */
    myVote: new DataLoader<number, number | null>(async (pollIds) => {
      if (!voter) return pollIds.map(() => null);
      const votes = await votesOf(
        db,
        pollIds.map((pollId) => ({
          pollId,
          voterHash: voterHash(voter.key, pollId, voter.voterKey),
        })),
      );
      return alignOne(pollIds, votes, (v) => v.pollId).map((v) => v?.optionId ?? null);
    }),
    options: new DataLoader<number, OptionRow[]>(async (ids) =>
      alignMany(ids, await optionsByPollIds(db, ids), (r) => r.pollId),
    ),
    option: new DataLoader<number, OptionRow | null>(async (ids) =>
      alignOne(ids, await optionsByIds(db, ids), (r) => r.id),
    ),
    credits: new DataLoader<number, { role: string | null; person: PersonRow }[]>(async (ids) => {
      deps.shared();
      return alignMany(ids, await creditsByPollIds(db, ids), (r) => r.pollId);
    }),
  };
}
