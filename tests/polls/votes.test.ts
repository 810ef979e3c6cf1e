import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../src/db/client.js";
import { TestClock, testApp } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { CAST, makePoll, voterKey } from "../helpers/polls.js";

type CastResult = {
  castVote: {
    __typename: string;
    poll?: { totalVotes: number; options: { label: string; votes: number }[] };
    option?: { label: string };
  };
};

describe.each(backends())("castVote on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb, { votes: { rateLimit: { limit: 1_000_000, windowMs: 60_000 } } });
  });
  afterAll(() => tdb.drop());

  const cast = (pollId: string, optionId: string, key: string) =>
    app.gql<CastResult>(CAST, { input: { pollId, optionId, voterKey: key } });

  const stored = async (pollId: number) => {
    const [row] = rowsOf<{ votes: number; counted: number }>(
      await tdb.database.db.execute(
        sql`select (select count(*)::int from poll_votes where poll_id = ${pollId}) as votes, (select sum(vote_count)::int from poll_options where poll_id = ${pollId}) as counted`,
      ),
    );
    return row;
  };

  it("counts 1,000 concurrent votes from distinct voters exactly", async () => {
    const poll = await makePoll(tdb.database.db);
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        cast(poll.pollId, poll.optionIds[i % 3] as string, voterKey(i)),
      ),
    );
    expect(results.find((r) => r.data?.castVote.__typename !== "VoteAccepted")).toBeUndefined();
    expect(await stored(poll.id)).toEqual({ votes: 1000, counted: 1000 });
    const after = await app.gql<{
      node: { totalVotes: number; options: { label: string; votes: number }[] };
    }>(`query($id: ID!) { node(id: $id) { ... on Poll { totalVotes options { label votes } } } }`, {
      id: poll.pollId,
    });
    expect(after.data?.node).toEqual({
      totalVotes: 1000,
      options: [
        { label: "A", votes: 334 },
        { label: "B", votes: 333 },
        { label: "C", votes: 333 },
      ],
    });
  });

  it("counts 100 concurrent identical votes from one voter once; the rest are AlreadyVoted", async () => {
    const poll = await makePoll(tdb.database.db);
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        cast(poll.pollId, poll.optionIds[1] as string, voterKey("same")),
      ),
    );
    const kinds = results.map((r) => r.data?.castVote.__typename);
    expect(kinds.filter((k) => k === "VoteAccepted")).toHaveLength(1);
    expect(kinds.filter((k) => k === "AlreadyVoted")).toHaveLength(99);
    expect(
      results.find((r) => r.data?.castVote.__typename === "AlreadyVoted")?.data?.castVote.option,
    ).toEqual({ label: "B" });
    expect(await stored(poll.id)).toEqual({ votes: 1, counted: 1 });
    // A later vote for another option changes nothing either.
    const again = await cast(poll.pollId, poll.optionIds[2] as string, voterKey("same"));
    expect(again.data?.castVote).toEqual({
      __typename: "AlreadyVoted",
      option: { label: "B" },
      message: "You already voted in this poll; your vote stands as cast.",
    });
    expect(await stored(poll.id)).toEqual({ votes: 1, counted: 1 });
  });

  it("enforces the closing time by the database clock, to the second, whatever the app's clock says", async () => {
    const [row] = rowsOf<{ now: string }>(
      await tdb.database.db.execute(sql`select now()::text as now`),
    );
    const dbNow = new Date(row?.now as string).getTime();
    const published = new Date("2010-01-01T00:00:00Z");
    // Closed a second ago by the database's clock, while this app's clock says 2020: refused.
    const closed = await makePoll(tdb.database.db, {
      publishedAt: published,
      closesAt: new Date(dbNow - 1_000),
    });
    const behind = testApp(tdb, { clock: new TestClock(new Date("2020-01-01T00:00:00Z")) });
    const late = await behind.gql<{ castVote: Record<string, unknown> }>(CAST, {
      input: { pollId: closed.pollId, optionId: closed.optionIds[0], voterKey: voterKey("late") },
    });
    expect(late.data?.castVote).toMatchObject({
      __typename: "PollNotOpen",
      closesAt: new Date(dbNow - 1_000).toISOString(),
    });
    expect(await stored(closed.id)).toEqual({ votes: 0, counted: 0 });
    // Open for ten more minutes by the database's clock, while this app's says 2030: counted.
    const open = await makePoll(tdb.database.db, {
      publishedAt: published,
      closesAt: new Date(dbNow + 600_000),
    });
    const ahead = testApp(tdb, { clock: new TestClock(new Date("2030-01-01T00:00:00Z")) });
    const early = await ahead.gql<{ castVote: { __typename: string } }>(CAST, {
      input: { pollId: open.pollId, optionId: open.optionIds[0], voterKey: voterKey("early") },
    });
    expect(early.data?.castVote.__typename).toBe("VoteAccepted");
    expect(await stored(open.id)).toEqual({ votes: 1, counted: 1 });
  });

  it("refuses a vote after the close (controllable clock) and stores nothing; likewise before it opens", async () => {
    const clock = new TestClock(new Date("2030-06-01T12:00:00Z"));
    const timed = testApp(tdb, { clock, votes: { clock: clock.now } });
    const poll = await makePoll(tdb.database.db, {
      opensAt: new Date("2030-06-01T00:00:00Z"),
      closesAt: new Date("2030-06-02T00:00:00Z"),
    });
    const vote = (key: string) =>
      timed.gql<CastResult>(CAST, {
        input: { pollId: poll.pollId, optionId: poll.optionIds[0], voterKey: key },
      });
    clock.set("2030-05-31T23:59:59Z");
    expect((await vote(voterKey("too-early"))).data?.castVote).toMatchObject({
      __typename: "PollNotOpen",
      status: "UPCOMING",
    });
    clock.set("2030-06-01T23:59:59Z");
    expect((await vote(voterKey("in-time"))).data?.castVote.__typename).toBe("VoteAccepted");
    clock.set("2030-06-02T00:00:00Z");
    expect((await vote(voterKey("too-late"))).data?.castVote).toMatchObject({
      __typename: "PollNotOpen",
      opensAt: "2030-06-01T00:00:00.000Z",
      closesAt: "2030-06-02T00:00:00.000Z",
      status: "CLOSED",
    });
    expect(await stored(poll.id)).toEqual({ votes: 1, counted: 1 });
  });

  it("answers OptionNotInPoll, NotFoundError and ValidationError, storing nothing", async () => {
    const poll = await makePoll(tdb.database.db);
    const other = await makePoll(tdb.database.db);
    const wrongOption = await cast(poll.pollId, other.optionIds[0] as string, voterKey("x1"));
    expect(wrongOption.data?.castVote.__typename).toBe("OptionNotInPoll");
    const draft = await makePoll(tdb.database.db, { status: "draft", publishedAt: null });
    expect(
      (await cast(draft.pollId, draft.optionIds[0] as string, voterKey("x2"))).data?.castVote
        .__typename,
    ).toBe("NotFoundError");
    const issueId = Buffer.from("Issue:1").toString("base64url");
    expect(
      (await cast(issueId, poll.optionIds[0] as string, voterKey("x3"))).data?.castVote.__typename,
    ).toBe("NotFoundError");
    const badKey = await cast(poll.pollId, poll.optionIds[0] as string, "short");
    expect(badKey.data?.castVote).toMatchObject({
      __typename: "ValidationError",
      fieldErrors: [{ path: ["input", "voterKey"], code: "INVALID_VOTER_KEY" }],
    });
    expect(await stored(poll.id)).toEqual({ votes: 0, counted: 0 });
  });
});
