import DataLoader from "dataloader";
import { alignMany, alignOne } from "../../read/align.js";
import type { Reader } from "../../read/reader.js";
import { recordDetail, recordLoaders } from "../../read/records.js";
import {
  type CreditRow,
  creditsByPollIds,
  type OptionRow,
  optionsByIds,
  optionsByPollIds,
  type PollParts,
  type PollRecord,
  type PollWithParts,
  pollsByIds,
  pollsWithParts,
} from "./reads.js";
import { polls } from "./table.js";
import { voterHash } from "./voter.js";
import { votesOf } from "./votes.js";

export type PollNode = PollRecord & { __typename: "Poll" };

/** Polls by id, as the reader may see them; an answer holding one lasts until it opens or closes. */
export const pollRecords = recordLoaders(
  "Poll",
  (r, ids: readonly number[]) => pollsByIds(r.db, ids, r.visibility),
  (p) => [p.opensAt, p.closesAt],
);

export function pollLoaders(r: Reader) {
  const voter = r.voter;
  return {
    /** The option this reader chose in each poll (null: not voted, or no voter key). */
    myVote: new DataLoader<number, number | null>(async (pollIds) => {
      if (!voter) return pollIds.map(() => null);
      const hashes = pollIds.map((pollId) => ({
        pollId,
        voterHash: voterHash(voter.key, pollId, voter.voterKey),
      }));
      const votes = await votesOf(r.db, hashes);
      return alignOne(pollIds, votes, (v) => v.pollId).map((v) => v?.optionId ?? null);
    }),
    options: new DataLoader<number, OptionRow[]>(async (ids) =>
      alignMany(ids, await optionsByPollIds(r.db, ids), (row) => row.pollId),
    ),
    option: new DataLoader<number, OptionRow | null>(async (ids) =>
      alignOne(ids, await optionsByIds(r.db, ids), (row) => row.id),
    ),
    credits: new DataLoader<number, CreditRow[]>(async (ids) => {
      r.cacheTags.shared();
      return alignMany(ids, await creditsByPollIds(r.db, ids), (row) => row.pollId);
    }),
  };
}

/**
 * Polls matching `clauses` with the parts asked for, read in one statement and handed to this
 * reader's loaders, recorded for the caches as if they had loaded them.
 */
export async function readPolls(
  r: Reader,
  clauses: Parameters<typeof pollsWithParts>[1],
  parts: PollParts,
): Promise<PollWithParts[]> {
  const rows = await pollsWithParts(r.db, clauses, parts);
  pollRecords.prime(r, rows);
  const loaders = r.use(pollLoaders);
  if (parts.credits) r.cacheTags.shared();
  for (const poll of rows) {
    if (poll.options) loaders.options.prime(poll.id, poll.options);
    if (poll.credits) loaders.credits.prime(poll.id, poll.credits);
  }
  return rows;
}

/** Its records read beside `content` in the timeline (see Reader.readPage). */
export const pollDetail = recordDetail(
  polls,
  polls.contentId,
  pollRecords,
  (core, { contentId: _, ...row }) => ({ ...core, ...row }),
);
