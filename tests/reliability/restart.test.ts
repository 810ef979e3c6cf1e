import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rowsOf } from "../../src/db/client.js";
import { serverUrl } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { FRONT_PAGE } from "../helpers/front-page.js";
import {
  type ServerProcess,
  startServerProcess,
  waitUntilReady,
} from "../helpers/server-process.js";
import { missing, skipUnless } from "../helpers/skip.js";
import { subscribe } from "../helpers/sse.js";

/**
 * What a load balancer does: round-robin over live backends, and on a refused or reset
 * connection (a backend going away) retry the idempotent request on another.
 */
function balancer(backends: () => string[]) {
  let next = 0;
  return async function send(body: string): Promise<{ status: number; ok: boolean }> {
    for (let attempt = 0; attempt < 6; attempt++) {
      const pool = backends();
      const url = pool[next++ % pool.length] as string;
      try {
        const res = await fetch(`${url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        const json = (await res.json()) as { data?: unknown; errors?: unknown };
        return { status: res.status, ok: res.status === 200 && !!json.data && !json.errors };
      } catch {
        // refused or reset: try the next backend
      }
    }
    return { status: 0, ok: false };
  };
}

/** A load balancer sends traffic only once /readyz says so. */
async function ready(server: ServerProcess): Promise<ServerProcess> {
  await waitUntilReady(server.url, 10_000);
  return server;
}

describe(
  "graceful restarts (two real processes on one Postgres)",
  skipUnless(missing.postgres()),
  () => {
    let tdb: TestDatabase;
    let dbUrl: string;
    beforeAll(async () => {
      tdb = await createTestDatabase("postgres", { seed: true });
      const [row] = rowsOf<{ db: string }>(
        await tdb.database.db.execute(sql`select current_database() as db`),
      );
      const url = new URL(serverUrl() as string);
      url.pathname = `/${row?.db}`;
      dbUrl = url.toString();
    });
    afterAll(() => tdb.drop());

    it("SIGTERM drains in-flight requests and open SSE streams, exits in bounded time, and no request fails while one of two restarts", async () => {
      // A long shutdown timeout: draining well inside it shows streams were ended, not cut.
      const env = { DATABASE_URL: dbUrl, SHUTDOWN_TIMEOUT_MS: "30000", RESPONSE_CACHE: "off" };
      let a: ServerProcess = await ready(await startServerProcess(env));
      const b: ServerProcess = await ready(await startServerProcess(env));
      const live = new Set([a.url, b.url]);
      const send = balancer(() => [...live]);
      // A reader subscribed on A (a stream that never ends by itself): it must get a clean
      // end when A stops, not a dropped connection.
      const sse = await subscribe(
        `${a.url}/graphql`,
        "subscription { contentPublished { title } }",
      );

      const body = JSON.stringify({ query: FRONT_PAGE });
      const results: { status: number; ok: boolean }[] = [];
      let running = true;
      const workers = Array.from({ length: 8 }, async () => {
        while (running) results.push(await send(body));
      });

      const answered = async (n: number) => {
        const target = results.length + n;
        await vi.waitFor(() => expect(results.length).toBeGreaterThanOrEqual(target), 30_000);
      };
      await answered(25);
      const stopping = Date.now();
      a.child.kill("SIGTERM");
      live.delete(a.url);
      const exitCode = await a.exited;
      const drainMs = Date.now() - stopping;
      const end = await sse.next(1_000);
      await sse.ended;

      a = await ready(await startServerProcess(env));
      live.add(a.url);
      await answered(25);
      running = false;
      await Promise.all(workers);

      expect(exitCode).toBe(0);
      // Far inside SHUTDOWN_TIMEOUT_MS (30 s): nothing held the process until it was cut.
      expect(drainMs).toBeLessThan(10_000);
      expect(end.event).toBe("complete");
      expect(results.length).toBeGreaterThan(50);
      expect(results.filter((r) => !r.ok)).toEqual([]);

      for (const p of [a, b]) {
        p.child.kill("SIGTERM");
        await p.exited;
      }
    });
  },
);
