import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { type Database, openDatabase, rowsOf } from "../../src/db/client.js";
import { createLogger } from "../../src/logger.js";
import { content } from "../../src/read/table.js";
import { PUBLIC, SITE } from "../helpers/app.js";
import { serverUrl } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { FRONT_PAGE } from "../helpers/front-page.js";
import { startServerProcess } from "../helpers/server-process.js";
import { missing, skipUnless } from "../helpers/skip.js";
import { startTcpProxy } from "../helpers/tcp-proxy.js";

/** The test database's URL, reached through the proxy instead of directly. */
async function proxiedUrl(tdb: TestDatabase, proxyPort: number): Promise<string> {
  const [row] = rowsOf<{ db: string }>(
    await tdb.database.db.execute(sql`select current_database() as db`),
  );
  const url = new URL(serverUrl() as string);
  url.host = `127.0.0.1:${proxyPort}`;
  url.pathname = `/${row?.db}`;
  return url.toString();
}

const post = (app: { fetch: (r: Request) => Response | Promise<Response> }, query: string) =>
  app.fetch(
    new Request("http://test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query }),
    }),
  );

describe("database faults (real server behind a TCP proxy)", skipUnless(missing.postgres()), () => {
  let tdb: TestDatabase;
  let target: { host: string; port: number };
  beforeAll(async () => {
    tdb = await createTestDatabase("postgres", { seed: true });
    const u = new URL(serverUrl() as string);
    target = { host: u.hostname, port: Number(u.port || 5432) };
  });
  afterAll(() => tdb.drop());

  it("starts without the database, answers /readyz 503, and becomes ready when it returns, without a restart", async () => {
    const proxy = await startTcpProxy(target);
    await proxy.cut();
    const server = await startServerProcess({
      DATABASE_URL: await proxiedUrl(tdb, proxy.port),
      SEED_ON_START: "false",
    });
    try {
      const down = await fetch(`${server.url}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: "unavailable", reason: "database unreachable" });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      await proxy.restore();
      let ready = 0;
      for (let i = 0; i < 100 && ready !== 200; i++) {
        await new Promise((r) => setTimeout(r, 200));
        ready = (await fetch(`${server.url}/readyz`)).status;
      }
      expect(ready).toBe(200);
      const r = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ issue(volume: 10, number: 15) { title } }" }),
      });
      expect(await r.json()).toEqual({
        data: { issue: { title: "Weekly Newsletter Vol 10 No 15" } },
      });
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
      await proxy.close();
    }
  });

  it("during an outage every request fails at once with 503 UNAVAILABLE (no pile-up), and service resumes by itself", async () => {
    const proxy = await startTcpProxy(target);
    let statements = 0;
    const database: Database = await openDatabase({
      url: await proxiedUrl(tdb, proxy.port),
      poolSize: 4,
      onQuery: () => {
        statements++;
      },
    });
    const app = createApp({
      database,
      logger: createLogger("silent"),
      urls: { site: SITE, public: PUBLIC },
      background: false,
      responseCache: false,
    });
    try {
      expect((await post(app, FRONT_PAGE)).status).toBe(200);
      await proxy.cut();
      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: 30 }, () => post(app, FRONT_PAGE)));
      const elapsed = Date.now() - started;
      const bodies = await Promise.all(
        answers.map(
          (a) =>
            a.json() as Promise<{ errors?: { message: string; extensions: { code: string } }[] }>,
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(30).fill(503));
      expect(answers[0]?.headers.get("retry-after")).toBe("2");
      for (const b of bodies) {
        expect(b.errors?.[0]?.extensions.code).toBe("UNAVAILABLE");
        expect(b.errors?.[0]?.message).toBe(
          "The database is temporarily unavailable; try again shortly.",
        );
      }
      // The bound is the behaviour: without the breaker, 30 requests took 13 s to fail (each
      // waited on a reconnect); with it they fail together, well inside one connect timeout.
      expect(elapsed).toBeLessThan(5_000);
      // Once the breaker is open, a request costs nothing: not one statement is tried.
      statements = 0;
      expect((await post(app, "{ archive { month } }")).status).toBe(503);
      expect(statements).toBe(0);
      const feed = await app.fetch(new Request("http://test/feeds/all.atom"));
      expect([503]).toContain(feed.status);

      await proxy.restore();
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 200));
        status = (await post(app, "{ archive { month } }")).status;
      }
      expect(status).toBe(200);
      expect((await app.fetch(new Request("http://test/readyz"))).status).toBe(200);
    } finally {
      await app.close();
      await database.close();
      await proxy.close();
    }
  });

  it("a fault in the middle of a transaction leaves nothing behind", async () => {
    const proxy = await startTcpProxy(target);
    const database = await openDatabase({ url: await proxiedUrl(tdb, proxy.port), poolSize: 2 });
    try {
      const attempt = database.db.transaction(async (tx) => {
        await tx
          .insert(content)
          .values({ type: "issue", slug: "half-written-by-a-fault", title: "Half" });
        await proxy.cut();
        await tx
          .insert(content)
          .values({ type: "issue", slug: "half-written-by-a-fault-2", title: "Half 2" });
      });
      await expect(attempt).rejects.toThrow();
      await proxy.restore();
      const rows = rowsOf<{ n: number }>(
        await tdb.database.db.execute(
          sql`select count(*)::int as n from content where slug like 'half-written-by-a-fault%'`,
        ),
      );
      expect(rows[0]?.n).toBe(0);
    } finally {
      await database.close().catch(() => {});
      await proxy.close();
    }
  });
});
