import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventBus } from "../../src/bus/bus.js";
import { connectRedisTransport } from "../../src/bus/redis.js";
import { tagsTouchedBy } from "../../src/cache/invalidation.js";
import {
  memoryResponseStore,
  type ResponseStore,
  redisResponseStore,
} from "../../src/cache/store.js";
import { createLogger } from "../../src/logger.js";
import { TestClock, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { CAST, makePoll, voterKey } from "../helpers/polls.js";
import { clearRedisPrefix } from "../helpers/redis.js";
import { missing, skipUnless } from "../helpers/skip.js";

type App = ReturnType<typeof testApp>;

/** POST a query; returns the x-cache header and the data. */
async function ask(
  app: App,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const res = await app.fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  return { cache: res.headers.get("x-cache"), data: body.data, errors: body.errors };
}

const ANNOUNCEMENTS = "{ announcements(first: 10) { totalCount edges { node { title } } } }";
const ISSUE = "{ issue(volume: 10, number: 15) { title sections { title } } }";

describe.each(backends())("response cache on %s", (backend) => {
  let tdb: TestDatabase;
  let app: App;
  let editor: Record<string, string>;
  const clock = new TestClock(new Date("2026-11-20T10:00:00Z"));
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb, {
      clock,
      votes: { rateLimit: { limit: 1000, windowMs: 60_000 }, clock: clock.now },
    });
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
  });
  afterAll(() => tdb.drop());

  const warm = async (query: string, variables: Record<string, unknown> = {}) => {
    await ask(app, query, variables);
    const second = await ask(app, query, variables);
    expect(second.cache, query).toBe("HIT");
    return second.data;
  };
  const mutate = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await app.gql(query, variables, editor);
    expect(r.errors, query).toBeUndefined();
    return r.data as Record<string, Record<string, unknown>>;
  };

  it("serves repeated public reads from the cache, keyed by query and variables", async () => {
    const q = "query($n: Int) { timeline(first: $n) { totalCount } }";
    expect((await ask(app, q, { n: 2 })).cache).toBe("MISS");
    expect((await ask(app, q, { n: 2 })).cache).toBe("HIT");
    expect((await ask(app, q, { n: 3 })).cache).toBe("MISS");
    tdb.sql.reset();
    await ask(app, q, { n: 2 });
    expect(tdb.sql.count).toBe(0);
  });

  it("tells an absent variable (its default) from an explicit value", async () => {
    const query = "query($n: Int = 15) { issue(volume: 10, number: $n) { number } }";
    await warm(query, { n: 15 });
    const absent = await ask(app, query, {});
    expect(absent).toMatchObject({ cache: "MISS", data: { issue: { number: 15 } } });
    // Variables too deep to serialise are answered, uncached.
    const res = await app.fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"query":${JSON.stringify(query)},"variables":{"n":15,"x":${"[".repeat(20_000)}${"]".repeat(20_000)}}}`,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-cache")).toBeNull();
    expect(await res.json()).toEqual({ data: { issue: { number: 15 } } });
  });

  it("never caches the mutation of a document that also holds a query", async () => {
    const poll = await makePoll(tdb.database.db);
    const doc = `query Q { archive { month } } mutation M($input: CastVoteInput!) { castVote(input: $input) { __typename } }`;
    const input = { pollId: poll.pollId, optionId: poll.optionIds[0], voterKey: voterKey("doc") };
    const send = () =>
      app.fetch("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: doc, operationName: "M", variables: { input } }),
      });
    const res = await send();
    expect(res.status).toBe(200);
    expect(res.headers.get("x-cache")).toBeNull();
    expect(await res.json()).toEqual({ data: { castVote: { __typename: "VoteAccepted" } } });
    // Sent again, it is executed again (not answered from a cache): the vote already counts.
    const again = await send();
    expect(again.headers.get("x-cache")).toBeNull();
    expect(await again.json()).toEqual({ data: { castVote: { __typename: "AlreadyVoted" } } });
  });

  it("never caches editors, previews or answers shaped by a voter key", async () => {
    const answered = (r: Awaited<ReturnType<typeof ask>>) => {
      expect(r.errors).toBeUndefined();
      expect(r.data).toBeDefined();
      return r.cache;
    };
    expect(answered(await ask(app, ISSUE, {}, editor))).toBeNull();
    expect(answered(await ask(app, ISSUE, {}, editor))).toBeNull();
    const voter = { "x-voter-key": voterKey("cache") };
    expect(answered(await ask(app, ISSUE, {}, voter))).toBeNull();
    expect(answered(await ask(app, ISSUE, {}, voter))).toBeNull();
    expect(answered(await ask(app, "mutation { __typename }"))).toBeNull();
  });

  it("publish, edit, unpublish and delete each drop exactly the answers they change", async () => {
    await warm(ANNOUNCEMENTS);
    await warm(ISSUE);
    const created = await mutate(
      `mutation { createAnnouncement(input: { title: "Cache news", kind: NEWS }) { ... on CreateAnnouncementSuccess { announcement { id } } } }`,
    );
    const id = (created.createAnnouncement?.announcement as { id: string } | undefined)
      ?.id as string;
    // A draft changes nothing public: both answers still cached.
    expect((await ask(app, ANNOUNCEMENTS)).cache).toBe("HIT");

    await mutate(`mutation($id: ID!) { publishContent(id: $id) { __typename } }`, { id });
    const afterPublish = await ask(app, ANNOUNCEMENTS);
    expect(afterPublish.cache).toBe("MISS");
    expect(
      (afterPublish.data?.announcements as { totalCount: number } | undefined)?.totalCount,
    ).toBe(3);
    // Entity-level: the issue's answer did not depend on announcements.
    expect((await ask(app, ISSUE)).cache).toBe("HIT");

    await warm(ANNOUNCEMENTS);
    await mutate(
      `mutation($id: ID!) { updateAnnouncement(id: $id, patch: { title: "Cache news, edited" }) { __typename } }`,
      { id },
    );
    const afterEdit = await ask(app, ANNOUNCEMENTS);
    expect(afterEdit.cache).toBe("MISS");
    expect(JSON.stringify(afterEdit.data)).toContain("Cache news, edited");

    await warm(ANNOUNCEMENTS);
    const byNode = `query($id: ID!) { node(id: $id) { ... on Announcement { title } } }`;
    await warm(byNode, { id });
    await mutate(`mutation($id: ID!) { unpublishContent(id: $id) { __typename } }`, { id });
    expect((await ask(app, ANNOUNCEMENTS)).data?.announcements).toMatchObject({ totalCount: 2 });
    expect((await ask(app, byNode, { id })).data?.node).toBeNull();

    await mutate(`mutation($id: ID!) { publishContent(id: $id) { __typename } }`, { id });
    await warm(byNode, { id });
    await mutate(`mutation($id: ID!) { deleteContent(id: $id) { __typename } }`, { id });
    expect((await ask(app, byNode, { id })).data?.node).toBeNull();
    expect((await ask(app, ISSUE)).cache).toBe("HIT");
  });

  it("a vote drops the answers that read that poll, and only those", async () => {
    const poll = await makePoll(tdb.database.db);
    const other = await makePoll(tdb.database.db);
    const q = `query($id: ID!) { node(id: $id) { ... on Poll { totalVotes } } }`;
    await warm(q, { id: poll.pollId });
    await warm(q, { id: other.pollId });
    await app.gql(CAST, {
      input: { pollId: poll.pollId, optionId: poll.optionIds[0], voterKey: voterKey("cache-vote") },
    });
    const after = await ask(app, q, { id: poll.pollId });
    expect(after.cache).toBe("MISS");
    expect(after.data?.node).toEqual({ totalVotes: 1 });
    expect((await ask(app, q, { id: other.pollId })).cache).toBe("HIT");
  });

  it("a scheduled entry appears at its second (cached answers never outlive the next embargo)", async () => {
    await warm(ANNOUNCEMENTS);
    const created = await mutate(
      `mutation { createAnnouncement(input: { title: "Embargo cache", kind: NEWS }) { ... on CreateAnnouncementSuccess { announcement { id } } } }`,
    );
    const id = (created.createAnnouncement?.announcement as { id: string } | undefined)
      ?.id as string;
    await mutate(
      `mutation($id: ID!) { scheduleContent(id: $id, at: "2026-11-20T11:00:00Z") { __typename } }`,
      { id },
    );
    clock.set("2026-11-20T10:59:59Z");
    expect(JSON.stringify((await ask(app, ANNOUNCEMENTS)).data)).not.toContain("Embargo cache");
    expect((await ask(app, ANNOUNCEMENTS)).cache).toBe("HIT");
    clock.set("2026-11-20T11:00:00Z");
    const due = await ask(app, ANNOUNCEMENTS);
    expect(due.cache).toBe("MISS");
    expect(JSON.stringify(due.data)).toContain("Embargo cache");
    clock.set("2026-11-20T10:00:00Z");
  });

  it("a poll closing by itself ends the answers that showed it open", async () => {
    const poll = await makePoll(tdb.database.db, { closesAt: new Date("2026-11-20T10:30:00Z") });
    const q = `query($id: ID!) { node(id: $id) { ... on Poll { status } } }`;
    expect((await warm(q, { id: poll.pollId }))?.node).toEqual({ status: "OPEN" });
    clock.set("2026-11-20T10:30:00Z");
    const closed = await ask(app, q, { id: poll.pollId });
    expect(closed.cache).toBe("MISS");
    expect(closed.data?.node).toEqual({ status: "CLOSED" });
    clock.set("2026-11-20T10:00:00Z");
  });

  it("a change to people or tags drops the answers that showed them", async () => {
    const q = `{ person(slug: "ian-pratt") { name } }`;
    await warm(q);
    await warm("{ timeline(first: 1) { totalCount } }");
    const person = (
      await app.gql<{ person: { id: string } }>(
        `{ person(slug: "ian-pratt") { id } }`,
        undefined,
        editor,
      )
    ).data?.person.id;
    await mutate(
      `mutation($id: ID!) { updatePerson(id: $id, patch: { name: "Ian A. Pratt" }) { __typename } }`,
      { id: person },
    );
    expect(await ask(app, q)).toMatchObject({
      cache: "MISS",
      data: { person: { name: "Ian A. Pratt" } },
    });
    expect((await ask(app, "{ timeline(first: 1) { totalCount } }")).cache).toBe("HIT");

    // A tag renamed: the answers that showed it are dropped, those that did not stay.
    const tagged = `{ announcement(slug: "xen-4-0-feature-list") { tags { slug name } } }`;
    await warm(tagged);
    await warm("{ timeline(first: 1) { totalCount } }");
    await mutate(
      `mutation { updateTag(slug: "xen-4-0", patch: { name: "Xen 4.0 release" }) { __typename } }`,
    );
    expect(await ask(app, tagged)).toEqual({
      cache: "MISS",
      data: { announcement: { tags: [{ slug: "xen-4-0", name: "Xen 4.0 release" }] } },
      errors: undefined,
    });
    expect((await ask(app, "{ timeline(first: 1) { totalCount } }")).cache).toBe("HIT");
  });
});

describe("shared response cache over Redis", () => {
  it(
    "two instances share answers, and a write on one is never stale on the other",
    skipUnless(missing.redis()),
    async () => {
      const url = process.env.REDIS_URL as string;
      const tdb = await createTestDatabase("pglite", { seed: true });
      const prefix = `nca:test:${randomBytes(4).toString("hex")}`;
      const instance = async () => {
        const bus = new EventBus(
          () => {},
          await connectRedisTransport(url, createLogger("silent"), `${prefix}:events`),
        );
        const redis = new Redis(url);
        const t = testApp(tdb, {
          bus,
          redis,
          redisPrefix: prefix,
          votes: { rateLimit: { limit: 1000, windowMs: 60_000 } },
        });
        return { ...t, redis };
      };
      const [a, b] = [await instance(), await instance()];
      const editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
      try {
        // An answer computed on A is a hit on B.
        expect((await ask(a, ANNOUNCEMENTS)).cache).toBe("MISS");
        expect((await ask(b, ANNOUNCEMENTS)).cache).toBe("HIT");

        // A vote on A: B's very next read is fresh (the vote answered after the invalidation).
        const poll = await makePoll(tdb.database.db);
        const q = `query($id: ID!) { node(id: $id) { ... on Poll { totalVotes } } }`;
        await ask(a, q, { id: poll.pollId });
        expect((await ask(b, q, { id: poll.pollId })).cache).toBe("HIT");
        const vote = await a.gql<{ castVote: { __typename: string } }>(CAST, {
          input: { pollId: poll.pollId, optionId: poll.optionIds[1], voterKey: voterKey("shared") },
        });
        expect(vote.data?.castVote.__typename).toBe("VoteAccepted");
        expect(await ask(b, q, { id: poll.pollId })).toMatchObject({
          cache: "MISS",
          data: { node: { totalVotes: 1 } },
        });

        // An editor's publication on B: A's next read of the list shows it.
        expect((await ask(a, ANNOUNCEMENTS)).cache).toBe("HIT");
        const created = await b.gql<{
          createAnnouncement: { announcement: { id: string } };
        }>(
          `mutation { createAnnouncement(input: { title: "Shared news", kind: NEWS }) { ... on CreateAnnouncementSuccess { announcement { id } } } }`,
          {},
          editor,
        );
        const id = created.data?.createAnnouncement.announcement.id;
        await b.gql(
          `mutation($id: ID!) { publishContent(id: $id) { __typename } }`,
          { id },
          editor,
        );
        const fresh = await ask(a, ANNOUNCEMENTS);
        expect(fresh.cache).toBe("MISS");
        expect(JSON.stringify(fresh.data)).toContain("Shared news");
      } finally {
        for (const i of [a, b]) {
          await i.app.close();
          await i.bus.close();
        }
        await clearRedisPrefix(a.redis, prefix);
        for (const i of [a, b]) i.redis.disconnect();
        await tdb.drop();
      }
    },
  );

  it(
    "answers and invalidations are shared by every instance",
    skipUnless(missing.redis()),
    async () => {
      const redis = new Redis(process.env.REDIS_URL as string);
      const prefix = `nca:test:${randomBytes(4).toString("hex")}`;
      const a: ResponseStore = redisResponseStore(redis, prefix);
      const b: ResponseStore = redisResponseStore(redis, prefix);
      const now = Date.now();
      await a.set(
        "k1",
        { body: '{"data":1}', deps: ["entity:7", "list:poll"], expiresAt: now + 60_000 },
        now,
      );
      await a.set("k2", { body: '{"data":2}', deps: ["entity:8"], expiresAt: now + 60_000 }, now);
      // The other instance reads the answer and the tags it was stored with.
      expect(await b.get("k1", now)).toEqual({
        body: '{"data":1}',
        deps: ["entity:7", "list:poll"],
      });
      const version = await b.version();
      expect(await b.invalidate(tagsTouchedBy({ kind: "voted", pollId: 7, at: new Date() }))).toBe(
        1,
      );
      expect(await a.get("k1", now)).toBeNull();
      expect(await a.get("k2", now)).toEqual({ body: '{"data":2}', deps: ["entity:8"] });
      expect(await a.version()).toBe(version + 1);
      await redis.del(...(await redis.keys(`${prefix}:*`)));
      redis.disconnect();
    },
  );

  it("the in-memory store behaves the same", async () => {
    const s = memoryResponseStore();
    const now = Date.now();
    await s.set("k1", { body: "1", deps: ["entity:7"], expiresAt: now + 1000 }, now);
    await s.set("k2", { body: "2", deps: ["shared"], expiresAt: now + 1000 }, now);
    expect(await s.invalidate(["entity:7"])).toBe(1);
    expect(await s.get("k1", now)).toBeNull();
    expect(await s.get("k2", now + 1001)).toBeNull();
  });
});
