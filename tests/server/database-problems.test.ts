import { randomBytes } from "node:crypto";
import { pino } from "pino";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { seedIfEmpty } from "../../seeds/load.js";
import { openDatabase } from "../../src/db/client.js";
import { RUN_PREFIX_ENV, serverUrl } from "../helpers/backends.js";
import {
  type ServerProcess,
  startServerProcess,
  waitUntilReady,
} from "../helpers/server-process.js";
import { missing, skipUnless } from "../helpers/skip.js";

/**
 * A server whose database cannot be used says what is wrong: in its log (with a hint), on
 * /readyz, in GraphQL and feed answers; and it comes up by itself once the database does.
 */

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) {
    s.child.kill("SIGKILL");
    await s.exited;
  }
});

async function start(databaseUrl: string): Promise<ServerProcess> {
  const server = await startServerProcess({ DATABASE_URL: databaseUrl });
  servers.push(server);
  return server;
}

/** The first log record with this message prefix, parsed, waiting for it to appear. */
async function logRecord(server: ServerProcess, prefix: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const line of server.logs) {
      if (!line.startsWith("{")) continue;
      const record = JSON.parse(line) as Record<string, unknown>;
      if (typeof record.msg === "string" && record.msg.startsWith(prefix)) return record;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no log line "${prefix}…" in:\n${server.logs.join("\n")}`);
}

async function answers(url: string) {
  const ready = await fetch(`${url}/readyz`);
  const graphql = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ timeline(first: 1) { totalCount } }" }),
  });
  const feed = await fetch(`${url}/feeds/all.atom`);
  return {
    ready: { status: ready.status, body: await ready.json() },
    graphql: { status: graphql.status, body: await graphql.json() },
    feed: {
      status: feed.status,
      retryAfter: feed.headers.get("retry-after"),
      body: await feed.text(),
    },
  };
}

const notYet = (reason: string) => ({
  ready: { status: 503, body: { status: "unavailable", reason } },
  graphql: {
    status: 503,
    body: {
      errors: [
        {
          message: `The server cannot use its database yet (${reason}); try again shortly.`,
          extensions: { code: "UNAVAILABLE" },
        },
      ],
    },
  },
  feed: {
    status: 503,
    retryAfter: "2",
    body: `The server cannot use its database yet (${reason}); try again shortly.\n`,
  },
});

/** A database name of this run on the test server (not created), and a connection to manage it. */
function scratchDatabase() {
  const base = serverUrl() as string;
  const name = `${process.env[RUN_PREFIX_ENV] ?? "t_adhoc"}_${randomBytes(4).toString("hex")}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { name, url, admin: postgres(base, { max: 1, onnotice: () => {} }) };
}

describe("a database the server cannot use", () => {
  it("nothing listening: says unreachable, and how to fix it", async () => {
    const server = await start("postgres://nobody@127.0.0.1:1/newsletter");
    const record = await logRecord(server, "database not ready: ");
    expect(record).toMatchObject({
      level: 50,
      reason: "database unreachable",
      hint: "start PostgreSQL, or fix the host and port in DATABASE_URL; the server retries meanwhile",
      attempt: 1,
    });
    expect(record.msg).toMatch(/ECONNREFUSED|connect/);
    expect(await answers(server.url)).toEqual(notYet("database unreachable"));
  });

  it("an unknown role: says the login was refused", skipUnless(missing.postgres()), async () => {
    const url = new URL(serverUrl() as string);
    url.username = "no_such_role_here";
    const server = await start(url.toString());
    const record = await logRecord(server, "database not ready: ");
    expect(record).toMatchObject({
      reason: "database login refused",
      msg: 'database not ready: role "no_such_role_here" does not exist',
    });
    expect(await answers(server.url)).toEqual(notYet("database login refused"));
  });

  it(
    "a missing database: says so, and comes up by itself once it is created",
    skipUnless(missing.postgres()),
    async () => {
      const { name, url, admin } = scratchDatabase();
      try {
        const server = await start(url.toString());
        const record = await logRecord(server, "database not ready: ");
        expect(record).toMatchObject({
          reason: "database missing",
          msg: `database not ready: database "${name}" does not exist`,
          hint: "create it (createdb <name>, or CREATE DATABASE) or point DATABASE_URL at one that exists; the server retries and comes up once it does",
        });
        // Probes meanwhile are answered, not logged: the start-up log already says it.
        const before = server.logs.length;
        expect(await answers(server.url)).toEqual(notYet("database missing"));
        expect(server.logs.slice(before).join("\n")).not.toMatch(/readiness/);

        await admin.unsafe(`create database "${name}"`);
        await waitUntilReady(server.url, 60_000);
        const after = await answers(server.url);
        expect(after.ready).toEqual({ status: 200, body: { status: "ready" } });
        expect(after.graphql.body).toEqual({ data: { timeline: { totalCount: 5 } } });
        expect(after.feed.status).toBe(200);
        expect(await logRecord(server, "database ready after all")).toMatchObject({ level: 30 });
        server.child.kill("SIGTERM");
        expect(await server.exited).toBe(0);
      } finally {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      }
    },
  );
});

describe("instances racing to seed one empty database", () => {
  it(
    "the one that lost says another seeded first, inserting nothing",
    skipUnless(missing.postgres()),
    async () => {
      const { name, url, admin } = scratchDatabase();
      await admin.unsafe(`create database "${name}"`);
      const [a, b] = [
        await openDatabase({ url: url.toString(), poolSize: 2 }),
        await openDatabase({ url: url.toString(), poolSize: 2 }),
      ];
      const holder = postgres(url.toString(), { max: 1, onnotice: () => {} });
      try {
        await a.migrate();
        const lines: Record<string, unknown>[] = [];
        const log = pino(
          { level: "info" },
          { write: (line: string) => lines.push(JSON.parse(line)) },
        );
        // Hold writes to content until both instances have found the archive empty and wait.
        const seeded = await holder.begin(async (tx) => {
          await tx.unsafe("lock table content in exclusive mode");
          const both = Promise.all([seedIfEmpty(a.db, log), seedIfEmpty(b.db, log)]);
          for (let waiting = 0; waiting < 2; ) {
            await new Promise((r) => setTimeout(r, 50));
            const [row] = await admin.unsafe(
              "select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'",
              [name],
            );
            waiting = (row?.n as number) ?? 0;
          }
          return { both };
        });
        await seeded.both;
        expect(lines.map((l) => l.msg).sort()).toEqual([
          "empty database, but another instance seeded it first: nothing inserted",
          "empty database: seeded the April 2010 reference archive",
        ]);
      } finally {
        await holder.end();
        await Promise.all([a.close(), b.close()]);
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      }
    },
  );
});
