import { optionsByPollIds } from "../../src/content/poll/reads.js";
import { createPolls, type PollWrite } from "../../src/content/poll/writes.js";
import type { Db } from "../../src/db/client.js";
import { encodeId } from "../../src/read/ids.js";

let n = 0;

/** A published poll with options A, B, C; returns global ids for it and its options. */
export async function makePoll(db: Db, overrides: Partial<PollWrite> = {}) {
  n++;
  const [id] = await createPolls(db, [
    {
      slug: `test-poll-${n}-${Date.now().toString(36)}`,
      title: `Test poll ${n}`,
      question: "Which one?",
      status: "published",
      publishedAt: new Date("2026-01-01T00:00:00Z"),
      opensAt: null,
      closesAt: new Date("2099-01-01T00:00:00Z"),
      options: [{ label: "A" }, { label: "B" }, { label: "C" }],
      ...overrides,
    },
  ]);
  const options = await optionsByPollIds(db, [id as number]);
  return {
    id: id as number,
    pollId: encodeId("Poll", id as number),
    optionIds: options.map((o) => encodeId("PollOption", o.id)),
  };
}

export const CAST = `mutation($input: CastVoteInput!) { castVote(input: $input) {
  __typename
  ... on VoteAccepted { poll { totalVotes options { label votes } myVote { label } } }
  ... on AlreadyVoted { option { label } }
  ... on PollNotOpen { opensAt closesAt status }
  ... on Error { message ... on ValidationError { fieldErrors { path code } } }
} }`;

export const voterKey = (i: number | string) => `reader-${String(i).padStart(12, "0")}`;
