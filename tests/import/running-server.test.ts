import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { Redis } from "ioredis";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { EventBus } from "../../src/bus/bus.js";
import { connectRedisTransport } from "../../src/bus/redis.js";
import { openDatabase } from "../../src/db/client.js";
import { createLogger } from "../../src/logger.js";
import { testApp } from "../helpers/app.js";
import { RUN_PREFIX_ENV, serverUrl } from "../helpers/backends.js";
import type { TestDatabase } from "../helpers/db.js";
import { clearRedisPrefix } from "../helpers/redis.js";
import { runScript } from "../helpers/run-script.js";
import { missing, skipUnless } from "../helpers/skip.js";
import { FIXTURES, MAP } from "./helpers.js";

/**
 * The import runs in its own process: a server on the same PostgreSQL and Redis hears it (one
 * event over Redis) and serves the imported entries at once, from its feeds and its shared
 * response cache alike.
 */
describe("an import beside a running server", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it(
    "its cached feed and GraphQL answers are dropped once the import commits",
    skipUnless(missing.postgres(), missing.redis()),
    async () => {
      const base = serverUrl() as string;
      const name = `${process.env[RUN_PREFIX_ENV] ?? "t_adhoc"}_${randomBytes(4).toString("hex")}`;
      const admin = postgres(base, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database "${name}"`);
      cleanups.push(async () => {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      });
      const url = new URL(base);
      url.pathname = `/${name}`;
      const database = await openDatabase({ url: url.toString(), poolSize: 3 });
      await database.migrate();
      cleanups.push(() => database.close());
      const redisUrl = process.env.REDIS_URL as string;
      const prefix = `nca:test:${randomBytes(4).toString("hex")}`;
      const transport = await connectRedisTransport(
        redisUrl,
        createLogger("silent"),
        `${prefix}:events`,
      );
      const redis = new Redis(redisUrl);
      cleanups.push(async () => {
        await clearRedisPrefix(redis, prefix);
        redis.disconnect();
        await transport.close();
      });
      const tdb = { database } as TestDatabase;
      const app = testApp(tdb, {
        bus: new EventBus(() => {}, transport),
        redis,
        redisPrefix: prefix,
      });
      const timeline = `{ timeline(first: 1) { totalCount } }`;
      const before = await app.gql(timeline);
      expect(before.data).toEqual({ timeline: { totalCount: 0 } });
      expect((await app.fetch("/feeds/all.rss")).status).toBe(200);

      const run = await runScript(
        "src/cli/import-wordpress.ts",
        ["--map", MAP, join(FIXTURES, "wordpress.xml")],
        { ...process.env, DATABASE_URL: url.toString(), REDIS_URL: redisUrl, REDIS_PREFIX: prefix },
      );
      expect(run.stderr).not.toContain("error:");
      expect(run.code).toBe(0);
      await expect
        .poll(async () => (await app.gql(timeline)).data, { timeout: 5_000 })
        .toEqual({
          timeline: { totalCount: 5 },
        });
      const rss = await (await app.fetch("/feeds/all.rss")).text();
      expect(rss).toContain("<title>Xen 4.0 Feature List</title>");
    },
  );
});
