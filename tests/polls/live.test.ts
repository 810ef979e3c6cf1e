import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.js";
import { deriveKeys } from "../../src/auth/keys.js";
import { EventBus } from "../../src/bus/bus.js";
import { connectRedisTransport } from "../../src/bus/redis.js";
import { createLogger } from "../../src/logger.js";
import { type Listening, listen } from "../../src/server.js";
import { PUBLIC, SITE, TestClock, testApp } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { CAST, makePoll, voterKey } from "../helpers/polls.js";
import { clearRedisPrefix } from "../helpers/redis.js";
import { missing, skipUnless } from "../helpers/skip.js";
import { subscribe } from "../helpers/sse.js";

const logger = createLogger("silent");
const POLL_RESULTS = `subscription($id: ID!) { pollResults(pollId: $id) { status totalVotes resultsHiddenReason options { label votes } } }`;

async function serve(app: App): Promise<Listening> {
  return listen(app, { port: 0, host: "127.0.0.1", logger });
}

async function castOver(
  http: Listening,
  pollId: string,
  optionId: string,
  key: string,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${http.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({
      query: CAST,
      variables: { input: { pollId, optionId, voterKey: key } },
    }),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as {
      data?: { castVote: { __typename: string } };
      errors?: { extensions?: Record<string, unknown> }[];
    },
  };
}

describe("rate limit on castVote", () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase("pglite", { seed: true });
  });
  afterAll(() => tdb.drop());

  it("trips with 429 and Retry-After, per client, and recovers when the window passes", async () => {
    // Windows follow the app's clock: this one starts at 10:00:00 and lasts a minute.
    const clock = new TestClock(new Date("2026-11-20T10:00:00Z"));
    const app = testApp(tdb, {
      clock,
      trustProxy: true,
      votes: { rateLimit: { limit: 3, windowMs: 60_000 } },
    });
    const poll = await makePoll(tdb.database.db);
    const vote = (i: number, ip: string) =>
      app.app.fetch(
        new Request("http://test/graphql", {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": ip },
          body: JSON.stringify({
            query: CAST,
            variables: {
              input: {
                pollId: poll.pollId,
                optionId: poll.optionIds[0],
                voterKey: voterKey(`rl-${ip}-${i}`),
              },
            },
          }),
        }),
      );
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await vote(i, "203.0.113.7")).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await vote(9, "203.0.113.7");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    const body = (await limited.json()) as {
      errors: { message: string; extensions: Record<string, unknown> }[];
    };
    expect(body.errors[0]?.extensions.code).toBe("RATE_LIMITED");
    // Another client is unaffected; reads are unaffected.
    expect((await vote(0, "198.51.100.1")).status).toBe(200);
    expect((await app.gql("{ archive { month } }")).status).toBe(200);
    clock.set("2026-11-20T10:00:59.999Z");
    expect((await vote(10, "203.0.113.7")).status).toBe(429);
    clock.set("2026-11-20T10:01:00Z");
    expect((await vote(11, "203.0.113.7")).status).toBe(200);
  });
});

describe.each(backends())("subscriptions over SSE on %s", (backend) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
  });
  afterAll(() => tdb.drop());

  it("a subscriber receives the poll after a vote, over real HTTP", async () => {
    const app = testApp(tdb, { votes: { rateLimit: { limit: 1000, windowMs: 60_000 } } });
    const http = await serve(app.app);
    const poll = await makePoll(tdb.database.db);
    const sub = await subscribe(`${http.url}/graphql`, POLL_RESULTS, { id: poll.pollId });
    const first = JSON.parse((await sub.next()).data);
    expect(first.data.pollResults).toEqual({
      status: "OPEN",
      totalVotes: 0,
      resultsHiddenReason: null,
      options: [
        { label: "A", votes: 0 },
        { label: "B", votes: 0 },
        { label: "C", votes: 0 },
      ],
    });
    expect(
      (await castOver(http, poll.pollId, poll.optionIds[1] as string, voterKey("sse-1"))).body.data
        ?.castVote.__typename,
    ).toBe("VoteAccepted");
    const second = JSON.parse((await sub.next()).data);
    expect(second.data.pollResults.totalVotes).toBe(1);
    expect(second.data.pollResults.options[1]).toEqual({ label: "B", votes: 1 });
    sub.close();
    await http.close(1_000);
  });

  it("ends cleanly when the poll closes: the final state, then complete", async () => {
    const app = testApp(tdb);
    const http = await serve(app.app);
    // However slow the machine, the stream's last state is the closed poll, then "complete"
    // (subscribed before the close: pushed at it; after: the closed state at once).
    const poll = await makePoll(tdb.database.db, { closesAt: new Date(Date.now() + 300) });
    const sub = await subscribe(`${http.url}/graphql`, POLL_RESULTS, { id: poll.pollId });
    const events = [];
    for (let e = await sub.next(); e.event !== "complete"; e = await sub.next()) events.push(e);
    const states = events.map((e) => JSON.parse(e.data).data.pollResults.status);
    expect(states.at(-1)).toBe("CLOSED");
    expect(states.slice(0, -1).every((s) => s === "OPEN")).toBe(true);
    await sub.ended;
    await http.close(1_000);
  });

  it("coalesces a vote storm into a few updates a second", async () => {
    const app = testApp(tdb, { votes: { rateLimit: { limit: 10_000, windowMs: 60_000 } } });
    const http = await serve(app.app);
    const poll = await makePoll(tdb.database.db);
    const sub = await subscribe(`${http.url}/graphql`, POLL_RESULTS, { id: poll.pollId });
    await sub.next();
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        castOver(http, poll.pollId, poll.optionIds[i % 3] as string, voterKey(`storm-${i}`)),
      ),
    );
    // Read until the update that shows every vote: the storm is then fully pushed.
    const updates: number[] = [];
    while (updates.at(-1) !== 200)
      updates.push(JSON.parse((await sub.next()).data).data.pollResults.totalVotes);
    const seconds = (Date.now() - started) / 1000;
    // The bound is the behaviour: at most 4 pushes a second (plus the leading and trailing one).
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 2);
    expect(updates.length).toBeLessThan(200);
    sub.close();
    await http.close(1_000);
  });

  it("respects visibility: an AFTER_CLOSE poll's counts stay null in the stream", async () => {
    const app = testApp(tdb, { votes: { rateLimit: { limit: 1000, windowMs: 60_000 } } });
    const http = await serve(app.app);
    const poll = await makePoll(tdb.database.db, { resultsVisibility: "after_close" });
    const sub = await subscribe(`${http.url}/graphql`, POLL_RESULTS, { id: poll.pollId });
    const first = JSON.parse((await sub.next()).data).data.pollResults;
    expect(first).toMatchObject({
      totalVotes: null,
      resultsHiddenReason: "UNTIL_CLOSE",
      options: [{ votes: null }, { votes: null }, { votes: null }],
    });
    // Votes change nothing this subscriber may see, so nothing is pushed: a push per vote
    // would let them count the hidden votes.
    for (const i of [1, 2, 3])
      await castOver(http, poll.pollId, poll.optionIds[0] as string, voterKey(`hidden-${i}`));
    await expect(sub.next(1_500)).rejects.toThrow();
    sub.close();
    await http.close(1_000);
  });

  it("AFTER_VOTE: a subscriber is pushed the counts once they voted, not for others' votes", async () => {
    const app = testApp(tdb, { votes: { rateLimit: { limit: 1000, windowMs: 60_000 } } });
    const http = await serve(app.app);
    const poll = await makePoll(tdb.database.db, { resultsVisibility: "after_vote" });
    const mine = voterKey("after-vote-me");
    const sub = await subscribe(
      `${http.url}/graphql`,
      POLL_RESULTS,
      { id: poll.pollId },
      { "x-voter-key": mine },
    );
    expect(JSON.parse((await sub.next()).data).data.pollResults.resultsHiddenReason).toBe(
      "UNTIL_YOU_VOTE",
    );
    await castOver(http, poll.pollId, poll.optionIds[1] as string, voterKey("after-vote-other"));
    await expect(sub.next(1_500)).rejects.toThrow();
    await castOver(http, poll.pollId, poll.optionIds[0] as string, mine);
    const seen = JSON.parse((await sub.next()).data).data.pollResults;
    expect(seen).toMatchObject({ totalVotes: 2, resultsHiddenReason: null });
    expect(seen.options.map((o: { votes: number }) => o.votes)).toEqual([1, 1, 0]);
    sub.close();
    await http.close(1_000);
  });

  it("contentPublished pushes newly published entries of the requested types", async () => {
    const app = testApp(tdb);
    const http = await serve(app.app);
    const sub = await subscribe(
      `${http.url}/graphql`,
      "subscription { contentPublished(types: [ANNOUNCEMENT]) { __typename title } }",
    );
    const { createAnnouncements } = await import("../../src/content/announcement/writes.js");
    const [id] = await createAnnouncements(tdb.database.db, [
      {
        slug: `live-${Date.now()}`,
        title: "Live news",
        kind: "news",
        status: "published",
        publishedAt: new Date(),
      },
    ]);
    app.bus.publish({
      kind: "published",
      type: "issue",
      id: 1,
      slug: "ignored",
      tags: [],
      publishedAt: new Date(),
      at: new Date(),
    });
    app.bus.publish({
      kind: "published",
      type: "announcement",
      id: id as number,
      slug: "live",
      tags: [],
      publishedAt: new Date(),
      at: new Date(),
    });
    expect(JSON.parse((await sub.next()).data).data.contentPublished).toEqual({
      __typename: "Announcement",
      title: "Live news",
    });
    sub.close();
    await http.close(1_000);
  });
});

const redisUrl = process.env.REDIS_URL;
describe(
  "two instances over Redis and one Postgres",
  skipUnless(missing.redis(), missing.postgres()),
  () => {
    let tdb: TestDatabase;
    beforeAll(async () => {
      tdb = await createTestDatabase("postgres", { seed: true });
    });
    afterAll(() => tdb.drop());

    it("a vote on instance A reaches a subscriber on instance B; limits are shared", async () => {
      const channel = `nca:test:${randomBytes(4).toString("hex")}`;
      const keys = deriveKeys(randomBytes(32));
      const instance = async () => {
        const bus = new EventBus(
          () => {},
          await connectRedisTransport(redisUrl as string, logger, channel),
        );
        const redis = new Redis(redisUrl as string);
        const app = createApp({
          database: tdb.database,
          logger,
          urls: { site: SITE, public: PUBLIC },
          bus,
          keys,
          redis,
          redisPrefix: channel,
          background: false,
          votes: { rateLimit: { limit: 1000, windowMs: 60_000 } },
        });
        return { app, bus, redis, http: await serve(app) };
      };
      const [a, b] = await Promise.all([instance(), instance()]);
      const poll = await makePoll(tdb.database.db);
      const sub = await subscribe(`${b.http.url}/graphql`, POLL_RESULTS, { id: poll.pollId });
      expect(JSON.parse((await sub.next()).data).data.pollResults.totalVotes).toBe(0);
      expect(
        (await castOver(a.http, poll.pollId, poll.optionIds[2] as string, voterKey("redis-1"))).body
          .data?.castVote.__typename,
      ).toBe("VoteAccepted");
      const update = JSON.parse((await sub.next()).data).data.pollResults;
      expect(update.totalVotes).toBe(1);
      expect(update.options[2]).toEqual({ label: "C", votes: 1 });
      // The same voter on the other instance is recognised (same key, same database).
      expect(
        (await castOver(b.http, poll.pollId, poll.optionIds[0] as string, voterKey("redis-1"))).body
          .data?.castVote.__typename,
      ).toBe("AlreadyVoted");
      sub.close();
      for (const i of [a, b]) {
        await i.http.close(1_000);
        await i.app.close();
        await i.bus.close();
      }
      await clearRedisPrefix(a.redis, channel);
      for (const i of [a, b]) i.redis.disconnect();
    });
  },
);
