// The bench's gate: answers that differ under load, unexpected statuses and socket errors are
// caught by the load run itself (real autocannon against a real socket) and fail the scenario.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Answer } from "./http.js";
import { fire } from "./load.js";
import { problemsOf, type RunPair } from "./report.js";

const BODY = Buffer.from(
  JSON.stringify({ data: { issues: { edges: [{ title: "Vol 10 No 15" }] } } }),
);
const expected: Answer = {
  status: 200,
  headers: { "content-type": "application/json", "x-cache": "HIT" },
  body: BODY,
};

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** A server that answers `expected`, except that every `nth` answer is spoiled by `spoil`. */
async function serve(
  nth: number,
  spoil: (n: number) => { status: number; body: Buffer; hit: boolean },
) {
  let n = 0;
  server = createServer((_req, res) => {
    n++;
    const bad = n % nth === 0 ? spoil(n) : { status: 200, body: BODY, hit: true };
    res.writeHead(bad.status, {
      "content-type": "application/json",
      "x-cache": bad.hit ? "HIT" : "MISS",
    });
    res.end(bad.body);
  });
  await new Promise<void>((done) => server?.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const run = (url: string) =>
  fire(
    url,
    { method: "GET", path: "/", headers: {} },
    {
      durationS: 1,
      connections: 1, // one request at a time: the n-th answer the server spoils is the n-th counted
      expectedStatus: 200,
      expected,
      sampleEveryMs: 0, // every answer: the spoiled ones cannot slip between samples
    },
  );

const pair = (real: RunPair["real"]): RunPair => ({ real, baseline: real, ratioPct: 100 });

describe("the bench's answer gate", () => {
  it("passes a server that always gives the verified answer, having checked every answer", async () => {
    const figures = await run(
      await serve(Number.MAX_SAFE_INTEGER, () => ({ status: 200, body: BODY, hit: true })),
    );
    expect(figures.responses).toBeGreaterThan(10);
    expect(figures.samples).toEqual({ checked: figures.responses, wrong: 0 });
    expect(figures.loadCpuPct).toBeGreaterThan(0);
    expect(problemsOf(null, [pair(figures)])).toBeUndefined();
  });

  it("fails on a 200 with the wrong bytes, naming what differed", async () => {
    const stale = Buffer.from(JSON.stringify({ data: { issues: { edges: [] } } }));
    const figures = await run(await serve(7, () => ({ status: 200, body: stale, hit: true })));
    expect(figures.unexpected).toBe(0); // the status alone would not have caught it
    expect(figures.samples.wrong).toBe(Math.floor(figures.responses / 7));
    expect(figures.samples.firstWrong).toBe(
      `a ${stale.length}-byte body instead of the ${BODY.length} bytes expected: ${stale.toString()}`,
    );
    expect(problemsOf(null, [pair(figures)])).toMatch(
      /^server: \d+ of \d+ answers checked under load differ: a \d+-byte body/,
    );
  });

  it("fails on a cache miss under a cached label, and on an unexpected status", async () => {
    const miss = await run(await serve(5, () => ({ status: 200, body: BODY, hit: false })));
    expect(miss.samples.firstWrong).toBe("x-cache: MISS instead of HIT");
    await new Promise<void>((done) => server?.close(() => done()));
    server = undefined;

    const failing = await run(
      await serve(5, () => ({ status: 503, body: Buffer.from("busy"), hit: false })),
    );
    expect(failing.unexpected).toBe(Math.floor(failing.responses / 5));
    expect(failing.samples.firstWrong).toBe("HTTP 503 instead of 200");
    expect(problemsOf(null, [pair(failing)])).toContain(
      `server: ${failing.unexpected} answers with an unexpected status`,
    );
  });
});
