import { afterEach, describe, expect, it } from "vitest";
import {
  type ServerProcess,
  startServerProcess,
  waitUntilReady,
} from "../helpers/server-process.js";

/** What an operator reads: JSON for machines, readable lines at a terminal, one line per request. */

let server: ServerProcess | undefined;
afterEach(async () => {
  server?.child.kill("SIGTERM");
  await server?.exited;
  server = undefined;
});

async function started(env: Record<string, string>): Promise<ServerProcess> {
  server = await startServerProcess({ DATABASE_URL: "memory://", ...env });
  await waitUntilReady(server.url);
  return server;
}

const QUERY = "/graphql?query=%7B%20timeline(first%3A%201)%20%7B%20totalCount%20%7D%20%7D";

/** Wait until the log holds `count` lines matching, then return them parsed. */
async function requestLines(s: ServerProcess, count: number): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const lines = s.logs
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.req !== undefined);
    if (lines.length >= count || Date.now() > deadline) return lines;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("logs", () => {
  it("as JSON when stdout is not a terminal, one line per request with status, time and cache verdict", async () => {
    const s = await started({});
    await fetch(`${s.url}${QUERY}`);
    await fetch(`${s.url}${QUERY}`);
    await fetch(`${s.url}/feeds/nope.atom`);
    await fetch(`${s.url}/readyz`);
    const lines = await requestLines(s, 3);
    for (const line of s.logs.filter((l) => l.trim() !== ""))
      expect(() => JSON.parse(line)).not.toThrow();
    expect(
      lines.map(({ level, req, res, cache, msg }) => ({
        level,
        req,
        res,
        cache,
        msg: String(msg).replace(/\d+ ms$/, "N ms"),
      })),
    ).toEqual([
      {
        level: 30,
        req: { method: "GET", path: "/graphql" },
        res: { status: 200 },
        cache: "MISS",
        msg: "GET /graphql 200 N ms",
      },
      {
        level: 30,
        req: { method: "GET", path: "/graphql" },
        res: { status: 200 },
        cache: "HIT",
        msg: "GET /graphql 200 N ms",
      },
      {
        level: 30,
        req: { method: "GET", path: "/feeds/nope.atom" },
        res: { status: 404 },
        cache: undefined,
        msg: "GET /feeds/nope.atom 404 N ms",
      },
    ]);
    // The query string (a whole GraphQL document, maybe more) stays out of the log.
    expect(s.logs.join("\n")).not.toContain("totalCount");
    for (const line of lines) expect(line.ms).toEqual(expect.any(Number));
  });

  it("request lines follow REQUEST_LOG_LEVEL: at debug they are gone from an info log", async () => {
    const s = await started({ REQUEST_LOG_LEVEL: "debug" });
    await fetch(`${s.url}${QUERY}`);
    await new Promise((r) => setTimeout(r, 300));
    expect(await requestLines(s, 0)).toEqual([]);
  });

  it("as readable lines with LOG_FORMAT=pretty (what a terminal gets by default)", async () => {
    const s = await started({ LOG_FORMAT: "pretty" });
    await fetch(`${s.url}${QUERY}`);
    const deadline = Date.now() + 10_000;
    while (!s.logs.some((l) => l.includes("GET /graphql 200")) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const text = s.logs.join("\n");
    expect(text).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: listening \{"url":"http:\/\/127\.0\.0\.1:\d+\/graphql"\}$/m,
    );
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: GET \/graphql 200 \d+ ms \{/m);
    expect(text).not.toMatch(/^\{"level"/m);
  });
});
