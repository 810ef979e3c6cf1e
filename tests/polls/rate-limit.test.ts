import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { CAST, makePoll, voterKey } from "../helpers/polls.js";
import { clearRedisPrefix } from "../helpers/redis.js";
import { missing, skipUnless } from "../helpers/skip.js";

const LIMIT = { limit: 3, windowMs: 60_000 };

/** The statuses of one vote after another, from one client, on the given instances in turn. */
async function votes(
  apps: ReturnType<typeof testApp>[],
  poll: { pollId: string; optionIds: string[] },
  forwardedFor: (i: number) => Record<string, string> = () => ({}),
) {
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const app = apps[i % apps.length] as ReturnType<typeof testApp>;
    const res = await app.fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...forwardedFor(i) },
      body: JSON.stringify({
        query: CAST,
        variables: {
          input: {
            pollId: poll.pollId,
            optionId: poll.optionIds[0],
            voterKey: voterKey(`rl-${i}`),
          },
        },
      }),
    });
    statuses.push(res.status);
  }
  return statuses;
}

describe("the vote rate limit across instances", () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase("pglite", { seed: true });
  });
  afterAll(() => tdb.drop());

  it("without Redis, each instance counts its own votes", async () => {
    const apps = [0, 1].map(() => testApp(tdb, { votes: { rateLimit: LIMIT } }));
    // Three a window on each: six votes alternating between two instances all pass.
    expect(await votes(apps, await makePoll(tdb.database.db))).toEqual([
      200, 200, 200, 200, 200, 200,
    ]);
  });

  it("behind a trusted proxy, the client is the address the proxy appended, not one it wrote", async () => {
    const app = testApp(tdb, { votes: { rateLimit: LIMIT }, trustProxy: true });
    // The client writes a new X-Forwarded-For each time; the proxy appends what it saw.
    const spoofed = (i: number) => ({ "x-forwarded-for": `10.9.8.${i}, 203.0.113.77` });
    expect(await votes([app], await makePoll(tdb.database.db), spoofed)).toEqual([
      200, 200, 200, 429, 429, 429,
    ]);
    // Different clients behind the same proxy keep their own limits.
    const clients = (i: number) => ({ "x-forwarded-for": `203.0.113.${100 + i}` });
    expect(await votes([app], await makePoll(tdb.database.db), clients)).toEqual([
      200, 200, 200, 200, 200, 200,
    ]);
  });

  it(
    "with Redis, the limit is shared: a client's votes count on every instance",
    skipUnless(missing.redis()),
    async () => {
      const prefix = `nca:test:${randomBytes(4).toString("hex")}`;
      const redis = new Redis(process.env.REDIS_URL as string);
      try {
        const apps = [0, 1].map(() =>
          testApp(tdb, { votes: { rateLimit: LIMIT }, redis, redisPrefix: prefix }),
        );
        expect(await votes(apps, await makePoll(tdb.database.db))).toEqual([
          200, 200, 200, 429, 429, 429,
        ]);
      } finally {
        await clearRedisPrefix(redis, prefix);
        redis.disconnect();
      }
    },
  );
});
