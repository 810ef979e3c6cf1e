import { parseAtomFeed } from "feedsmith";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { CAST, makePoll, voterKey } from "../helpers/polls.js";

const READ = `query($id: ID!) { node(id: $id) { ... on Poll { resultsVisibility resultsHiddenReason totalVotes
  options { label votes share } winner { label } myVote { label } } } }`;

type PollView = {
  resultsVisibility: string;
  resultsHiddenReason: string | null;
  totalVotes: number | null;
  options: { label: string; votes: number | null; share: number | null }[];
  winner: { label: string } | null;
  myVote: { label: string } | null;
};

describe.each(backends())("results visibility on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  const clock = new TestClock(new Date("2031-03-01T12:00:00Z"));
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb, {
      clock,
      votes: { clock: clock.now, rateLimit: { limit: 1000, windowMs: 60_000 } },
    });
  });
  afterAll(() => tdb.drop());

  const read = async (id: string, headers: Record<string, string> = {}) =>
    (await app.gql<{ node: PollView }>(READ, { id }, headers)).data?.node as PollView;
  const vote = (pollId: string, optionId: string, key: string) =>
    app.gql(CAST, { input: { pollId, optionId, voterKey: key } });
  /**
   * The poll's entry in the polls feed (feeds show counts once a poll is closed, in every
   * mode). These polls are written straight to the database and the clock moves back and
   * forth, so the cached documents are dropped first, as a write through the API would.
   */
  const feedEntry = async (title: string) => {
    app.bus.publish({ kind: "shared-data-changed", at: clock.now() });
    const feed = parseAtomFeed(await (await app.fetch("/feeds/polls.atom")).text());
    const content = feed.entries?.find((e) => e.title?.value === title)?.content?.value;
    if (!content) throw new Error(`no entry "${title}" in /feeds/polls.atom`);
    return content;
  };
  const hidden = (reason: string) => ({
    resultsHiddenReason: reason,
    totalVotes: null,
    options: ["A", "B", "C"].map((label) => ({ label, votes: null, share: null })),
    winner: null,
  });

  it("ALWAYS shows counts to everyone", async () => {
    const poll = await makePoll(tdb.database.db, {
      title: "Always poll",
      resultsVisibility: "always",
      closesAt: new Date("2031-04-01T00:00:00Z"),
    });
    await vote(poll.pollId, poll.optionIds[0] as string, voterKey("always-1"));
    expect(await read(poll.pollId)).toMatchObject({
      resultsHiddenReason: null,
      totalVotes: 1,
      options: [{ label: "A", votes: 1, share: 100 }, { votes: 0 }, { votes: 0 }],
    });
    // Feeds carry results once the poll is closed, whatever its mode.
    expect(await feedEntry("Always poll")).toContain("Which one?");
    expect(await feedEntry("Always poll")).not.toMatch(/\d+ votes/);
    clock.set("2031-04-01T00:00:00Z");
    expect(await feedEntry("Always poll")).toContain("A: 1 votes (100%)");
    clock.set("2031-03-01T12:00:00Z");
  });

  it("AFTER_VOTE shows counts to a reader once they voted, to nobody else until the close", async () => {
    const poll = await makePoll(tdb.database.db, {
      title: "After-vote poll",
      resultsVisibility: "after_vote",
      closesAt: new Date("2031-04-01T00:00:00Z"),
    });
    const me = { "x-voter-key": voterKey("after-vote-me") };
    expect(await read(poll.pollId, me)).toMatchObject({
      ...hidden("UNTIL_YOU_VOTE"),
      myVote: null,
    });
    const cast = await app.gql<{
      castVote: { __typename: string; poll: { totalVotes: number | null } };
    }>(
      CAST,
      {
        input: {
          pollId: poll.pollId,
          optionId: poll.optionIds[1],
          voterKey: voterKey("after-vote-me"),
        },
      },
      me,
    );
    expect(cast.data?.castVote).toMatchObject({
      __typename: "VoteAccepted",
      poll: { totalVotes: 1 },
    });
    expect(await read(poll.pollId, me)).toMatchObject({
      resultsHiddenReason: null,
      totalVotes: 1,
      myVote: { label: "B" },
    });
    expect(await read(poll.pollId)).toMatchObject(hidden("UNTIL_YOU_VOTE"));
    expect(await read(poll.pollId, { "x-voter-key": voterKey("after-vote-other") })).toMatchObject(
      hidden("UNTIL_YOU_VOTE"),
    );
    // Editors always see them; everyone does after the close, and the winner appears.
    const editor = await bearer(tdb.database.db, "editor");
    expect((await read(poll.pollId, editor)).totalVotes).toBe(1);
    expect(await feedEntry("After-vote poll")).not.toMatch(/\d+ votes/);
    clock.set("2031-04-01T00:00:00Z");
    expect(await read(poll.pollId)).toMatchObject({
      resultsHiddenReason: null,
      totalVotes: 1,
      winner: { label: "B" },
    });
    expect(await feedEntry("After-vote poll")).toContain("B: 1 votes (100%)");
    clock.set("2031-03-01T12:00:00Z");
  });

  it("AFTER_CLOSE hides counts from everyone (voters included) until the close, on GraphQL and in feeds", async () => {
    const poll = await makePoll(tdb.database.db, {
      title: "After-close poll",
      resultsVisibility: "after_close",
      closesAt: new Date("2031-03-02T00:00:00Z"),
    });
    const me = { "x-voter-key": voterKey("after-close-me") };
    const cast = await app.gql<{
      castVote: { __typename: string; poll: { totalVotes: number | null } };
    }>(
      CAST,
      {
        input: {
          pollId: poll.pollId,
          optionId: poll.optionIds[2],
          voterKey: voterKey("after-close-me"),
        },
      },
      me,
    );
    expect(cast.data?.castVote).toMatchObject({
      __typename: "VoteAccepted",
      poll: { totalVotes: null },
    });
    expect(await read(poll.pollId, me)).toMatchObject({
      ...hidden("UNTIL_CLOSE"),
      myVote: { label: "C" },
    });
    expect(await feedEntry("After-close poll")).not.toMatch(/\d+ votes/);
    clock.set("2031-03-02T00:00:00Z");
    expect(await read(poll.pollId)).toMatchObject({
      resultsHiddenReason: null,
      totalVotes: 1,
      winner: { label: "C" },
    });
    expect(await feedEntry("After-close poll")).toContain("C: 1 votes (100%)");
    clock.set("2031-03-01T12:00:00Z");
  });
});
