/**
 * /admin sign-in rate limit: failed sign-ins are counted per client address (behind a trusted
 * proxy, X-Forwarded-For's client); past the limit every sign-in from that address, right
 * token or not, gets 429 with Retry-After and a JSON error until the window ends. Successful
 * sign-ins do not count. Shared by every instance when Redis is configured.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { clearRedisPrefix } from "../helpers/redis.js";
import { missing, skipUnless } from "../helpers/skip.js";

const LIMIT = { limit: 3, windowMs: 60_000 };

function signInWith(app: ReturnType<typeof testApp>) {
  return (token: string, client: string) =>
    app.fetch("/admin/session", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": client },
      body: JSON.stringify({ token }),
    });
}

describe("/admin sign-in rate limit", () => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let token: string;
  let wrong: string;
  // A minute boundary plus a second: the window ends 59 s later.
  const clock = new TestClock(new Date("2026-12-03T09:00:01Z"));

  beforeAll(async () => {
    tdb = await createTestDatabase("pglite", { seed: true });
    app = testApp(tdb, { clock, trustProxy: true, admin: { signInLimit: LIMIT } });
    const made = await bearer(tdb.database.db, "editor", "Alice");
    token = made.authorization.replace(/^Bearer /, "");
    wrong = `nca_${made.prefix}_${"x".repeat(43)}`;
  });
  afterAll(() => tdb.drop());

  it("answers 429 with Retry-After and a JSON error after repeated failures from one address", async () => {
    const signIn = signInWith(app);
    for (let i = 0; i < LIMIT.limit; i++) {
      expect((await signIn(wrong, "203.0.113.7")).status).toBe(401);
    }
    const limited = await signIn(wrong, "203.0.113.7");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("59");
    expect(limited.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(limited.headers.getSetCookie()).toEqual([]);
    expect(await limited.json()).toEqual({
      error: "Too many failed sign-ins from your address; try again in 59 s.",
      code: "RATE_LIMITED",
      retryAfter: 59,
    });
    // The right token is refused too while the address is limited: guesses learn nothing.
    expect((await signIn(token, "203.0.113.7")).status).toBe(429);
    // Another address is not affected.
    expect((await signIn(token, "198.51.100.2")).status).toBe(200);
    // The next window starts afresh.
    clock.set("2026-12-03T09:01:00Z");
    expect((await signIn(token, "203.0.113.7")).status).toBe(200);
  });

  it("does not count successful sign-ins", async () => {
    const signIn = signInWith(app);
    clock.set("2026-12-03T10:00:00Z");
    for (let i = 0; i < LIMIT.limit * 2; i++) {
      expect((await signIn(token, "192.0.2.9")).status).toBe(200);
    }
    expect((await signIn(wrong, "192.0.2.9")).status).toBe(401);
  });
});

describe("/admin sign-in rate limit shared over Redis", skipUnless(missing.redis()), () => {
  let tdb: TestDatabase;
  let redis: Redis;
  const prefix = `nca:test:${randomBytes(4).toString("hex")}`;
  beforeAll(async () => {
    tdb = await createTestDatabase("pglite");
    redis = new Redis(process.env.REDIS_URL as string);
  });
  afterAll(async () => {
    await clearRedisPrefix(redis, prefix);
    redis.disconnect();
    await tdb.drop();
  });

  it("counts failures from one address across instances", async () => {
    const clock = new TestClock(new Date("2026-12-03T09:00:30Z"));
    const options = {
      clock,
      trustProxy: true,
      redis,
      redisPrefix: prefix,
      admin: { signInLimit: LIMIT },
    };
    const a = signInWith(testApp(tdb, options));
    const b = signInWith(testApp(tdb, options));
    const wrong = `nca_${"a".repeat(12)}_${"b".repeat(43)}`;
    expect((await a(wrong, "203.0.113.8")).status).toBe(401);
    expect((await b(wrong, "203.0.113.8")).status).toBe(401);
    expect((await a(wrong, "203.0.113.8")).status).toBe(401);
    const limited = await b(wrong, "203.0.113.8");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("30");
  });
});
