// npm run bench:profile [-- options]: where a front-page request's time goes, response cache off.
// 1. In process, one request at a time through app.fetch: SQL statements per request and the time
//    the database kept the request waiting, the GraphQL phases, and the result's serialization.
// 2. The real server (src/main.ts) under autocannon load with --cpu-prof: self time by package.
// See README "Benchmarks".
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { PgliteSession } from "drizzle-orm/pglite/session";
import { PostgresJsSession } from "drizzle-orm/postgres-js/session";
import type { Plugin } from "graphql-yoga";
import { createApp } from "../../src/app.js";
import { openDatabase } from "../../src/db/client.js";
import { createLogger } from "../../src/logger.js";
import { FRONT_PAGE } from "../helpers/front-page.js";
import { buildServer, startServerProcess, waitUntilReady } from "../helpers/server-process.js";
import { cpuSecondsOf, postgresCpuSeconds } from "./cpu.js";
import { analyzeDatabase, createBenchDatabase, seedDatabase } from "./database.js";
import { dataOf, graphqlRequest, send } from "./http.js";
import { cleanUp, killChildrenNow, stopChild, track } from "./lifecycle.js";
import { fire } from "./load.js";

const log = (line: string) => process.stderr.write(`[profile] ${line}\n`);
const { values: flags } = parseArgs({
  options: {
    issues: { type: "string", default: "5000" },
    requests: { type: "string", default: "300" },
    duration: { type: "string", default: "15" },
    connections: { type: "string", default: "16" },
    keep: { type: "boolean", default: false },
  },
});
const count = (name: keyof typeof flags) => {
  const n = Number(flags[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const settings = {
  issues: count("issues"),
  requests: count("requests"),
  durationS: count("duration"),
  connections: count("connections"),
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] ?? 0) : 0;
};
const ms = (x: number) => `${x.toFixed(2)} ms`;

/** Length of the union of [start, end] intervals: the time at least one statement was out. */
function busyTime(intervals: [number, number][]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [from, to] = [Number.NaN, Number.NaN];
  for (const [s, e] of sorted) {
    if (!(s <= to)) {
      if (to > from) total += to - from;
      [from, to] = [s, e];
    } else to = Math.max(to, e);
  }
  if (to > from) total += to - from;
  return total;
}

interface Sample {
  total: number;
  parse: number;
  validate: number;
  context: number;
  execute: number;
  serialize: number;
  statements: number;
  sqlBusy: number;
  sqlSum: number;
}

/** Requests run one at a time, so one record at a time is being filled. */
let current: Sample & { executeEnd: number; responded: number; sql: [number, number][] } =
  emptySample();
function emptySample() {
  return {
    total: 0,
    parse: 0,
    validate: 0,
    context: 0,
    execute: 0,
    serialize: 0,
    statements: 0,
    sqlBusy: 0,
    sqlSum: 0,
    executeEnd: 0,
    responded: 0,
    sql: [] as [number, number][],
  };
}
const perStatement = new Map<string, { calls: number; ms: number }>();

/** Time every statement at the driver session (both drivers); diagnostics only. */
function timeStatements(): void {
  for (const session of [PostgresJsSession, PgliteSession]) {
    const proto = session.prototype as unknown as {
      prepareQuery: (...args: unknown[]) => {
        queryString: string;
        execute: (...a: unknown[]) => Promise<unknown>;
        all: (...a: unknown[]) => Promise<unknown>;
      };
    };
    const prepare = proto.prepareQuery;
    proto.prepareQuery = function (this: unknown, ...args: unknown[]) {
      const prepared = prepare.apply(this, args);
      for (const method of ["execute", "all"] as const) {
        const run = prepared[method].bind(prepared);
        prepared[method] = async (...a: unknown[]) => {
          const start = performance.now();
          try {
            return await run(...a);
          } finally {
            const end = performance.now();
            current.sql.push([start, end]);
            const key = prepared.queryString.replace(/\s+/g, " ").slice(0, 150);
            const row = perStatement.get(key) ?? { calls: 0, ms: 0 };
            row.calls += 1;
            row.ms += end - start;
            perStatement.set(key, row);
          }
        };
      }
      return prepared;
    };
  }
}

/** A hook that adds the time until its after-hook runs to one phase of the current record. */
const timed = (phase: "parse" | "validate" | "context") => () => {
  const s = performance.now();
  return () => {
    current[phase] += performance.now() - s;
  };
};

/** Phase timers: parse, validate, context, execute, then result processing up to the Response. */
const phases: Plugin = {
  onParse: timed("parse"),
  onValidate: timed("validate"),
  onContextBuilding: timed("context"),
  onExecute: () => {
    const s = performance.now();
    return {
      onExecuteDone: () => {
        current.executeEnd = performance.now();
        current.execute += current.executeEnd - s;
      },
    };
  },
  onResponse: () => {
    current.responded = performance.now();
  },
};

async function inProcess(url: string): Promise<void> {
  timeStatements();
  let statements = 0;
  const database = await openDatabase({
    url,
    poolSize: 10,
    onQuery: () => {
      statements += 1;
    },
  });
  const app = createApp({
    database,
    logger: createLogger("silent"),
    urls: { site: "https://example.org", public: "https://api.example.org" },
    background: false,
    http: { graphiql: false },
    responseCache: false,
    plugins: [phases],
  });
  const request = graphqlRequest(FRONT_PAGE);
  const samples: Sample[] = [];
  const warmup = Math.min(50, settings.requests);
  log(`in process: ${warmup} warm-up + ${settings.requests} sequential front-page requests…`);
  for (let i = 0; i < warmup + settings.requests; i++) {
    current = emptySample();
    statements = 0;
    const start = performance.now();
    const response = await app.fetch(
      new Request("http://bench/graphql", {
        method: "POST",
        headers: request.headers,
        body: request.body,
      }),
    );
    const text = await response.text();
    const end = performance.now();
    if (response.status !== 200 || text.includes('"errors"'))
      throw new Error(`front page failed: ${response.status} ${text.slice(0, 300)}`);
    if (i === warmup) perStatement.clear();
    if (i < warmup) continue;
    samples.push({
      total: end - start,
      parse: current.parse,
      validate: current.validate,
      context: current.context,
      execute: current.execute,
      serialize: current.responded - current.executeEnd,
      statements,
      sqlBusy: busyTime(current.sql),
      sqlSum: current.sql.reduce((t, [s, e]) => t + e - s, 0),
    });
  }
  await app.close();
  await database.close();

  const m = (key: keyof Sample) => median(samples.map((s) => s[key]));
  const total = m("total");
  const share = (x: number) => `${((x / total) * 100).toFixed(0)}%`;
  const execute = m("execute");
  const busy = m("sqlBusy");
  const rows: [string, number][] = [
    ["parse (cached document)", m("parse")],
    ["validate", m("validate")],
    ["context (viewer, loaders)", m("context")],
    ["execute", execute],
    ["  waiting on SQL (union of statement times)", busy],
    ["  resolvers, loaders, JIT code (execute − SQL)", execute - busy],
    ["serialize (result → JSON Response)", m("serialize")],
  ];
  const accounted = m("parse") + m("validate") + m("context") + execute + m("serialize");
  rows.push(["Yoga request handling (rest)", total - accounted]);
  console.log(
    `\nFront page, one request at a time (median of ${samples.length}): ${ms(total)} per request, ${m("statements")} SQL statements (sum of their times ${ms(m("sqlSum"))}).\n`,
  );
  for (const [label, value] of rows)
    console.log(`  ${label.padEnd(48)} ${ms(value).padStart(10)}  ${share(value).padStart(4)}`);
  console.log("\n  Statements by time per request:");
  const byTime = [...perStatement.entries()].sort((a, b) => b[1].ms - a[1].ms);
  for (const [text, row] of byTime.slice(0, 20)) {
    const per = row.ms / samples.length;
    const calls = row.calls / samples.length;
    console.log(`  ${ms(per).padStart(9)} ×${calls.toFixed(1).padStart(4)}  ${text}`);
  }
}

/** Self time of a V8 .cpuprofile by where the code lives. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}
function categoryOf(frame: { functionName: string; url: string }): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const parts = url.slice(modules + "/node_modules/".length).split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  if (url.startsWith("node:")) {
    const path = url.slice(5).replace(/^internal\//, "");
    return `node:${path.split("/")[0]?.replace(/\.js$/, "") ?? path}`;
  }
  const src = /\/(src|seeds|tests)\/(.+)$/.exec(url);
  if (src) return `${src[1]}/${src[2]?.split("/").slice(0, -1).join("/") || src[2]}`;
  return url;
}
/**
 * Self time of the samples taken between `fromMs` and `toMs` after profiling began, by
 * category and by function. A native frame (a V8 builtin such as JSON.parse) is charged to
 * the nearest JavaScript caller's category, so that "(native)" says whose work it was.
 */
function summarise(profile: CpuProfile, fromMs: number, toMs: number) {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const categoryOfNode = new Map<number, string>();
  const categorise = (id: number): string => {
    const known = categoryOfNode.get(id);
    if (known) return known;
    const node = byId.get(id);
    let category = node ? categoryOf(node.callFrame) : "?";
    if (category === "(native)") {
      const up = parent.get(id);
      const caller = up === undefined ? "(native)" : categorise(up);
      const base = caller.replace(/ \(native\)$/, "");
      category = base.startsWith("(") ? "(native)" : `${base} (native)`;
    }
    categoryOfNode.set(id, category);
    return category;
  };
  const totals = new Map<string, number>();
  const functions = new Map<string, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta / 1000;
    if (at < fromMs || at > toMs) return;
    const key = categorise(id).replace(/ \(native\)$/, "");
    totals.set(key, (totals.get(key) ?? 0) + delta);
    const frame = byId.get(id)?.callFrame;
    const name = frame
      ? `${frame.functionName || "(anonymous)"} ${categorise(id)}${frame.url ? `:${frame.lineNumber + 1}` : ""}`
      : "?";
    functions.set(name, (functions.get(name) ?? 0) + delta);
  });
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { categories: sorted(totals), functions: sorted(functions) };
}

async function underLoad(url: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-cpuprof-"));
  buildServer();
  try {
    // Profiling starts as the process boots: samples are kept for the measured run alone
    // (start-up, compilation and warm-up excluded), placed by their offset from the spawn.
    const spawnedAt = Date.now();
    const server = await startServerProcess(
      {
        DATABASE_URL: url,
        RESPONSE_CACHE: "off",
        LOG_LEVEL: "info",
        // The server's work, not its request log (one line per request; docs/performance.md).
        REQUEST_LOG_LEVEL: "debug",
        SEED_ON_START: "false",
        REDIS_URL: "",
        WEBSUB_HUB_URL: "",
        SHUTDOWN_TIMEOUT_MS: "3000",
      },
      ["--cpu-prof", `--cpu-prof-dir=${dir}`],
      process.execPath,
      true,
    );
    track(server.child);
    await waitUntilReady(server.url);
    const request = graphqlRequest(FRONT_PAGE);
    const expected = await send(server.url, request);
    dataOf(expected); // throws unless it is a GraphQL answer with data
    const checked = { expected, sampleEveryMs: 100, expectedStatus: 200 };
    log("warming up the server (5 s)…");
    await fire(server.url, request, {
      ...checked,
      durationS: 5,
      connections: settings.connections,
    });
    log(`profiling under ${settings.connections} connections for ${settings.durationS} s…`);
    const window = { from: Date.now() - spawnedAt, to: 0 };
    const serverPid = server.child.pid as number;
    const cpuBefore = {
      server: cpuSecondsOf(serverPid) ?? 0,
      postgres: postgresCpuSeconds() ?? 0,
      load: process.cpuUsage(),
    };
    const run = await fire(server.url, request, {
      ...checked,
      durationS: settings.durationS,
      connections: settings.connections,
      watchPid: server.child.pid,
    });
    if (run.samples.wrong || run.unexpected || run.errors)
      throw new Error(`the server answered wrongly under load: ${JSON.stringify(run.samples)}`);
    window.to = Date.now() - spawnedAt;
    const load = process.cpuUsage(cpuBefore.load);
    const cpu: [string, number][] = [
      ["server (node, main thread and workers)", (cpuSecondsOf(serverPid) ?? 0) - cpuBefore.server],
      ["PostgreSQL processes", (postgresCpuSeconds() ?? 0) - cpuBefore.postgres],
      ["load generator (autocannon, this process)", (load.user + load.system) / 1e6],
    ];
    await stopChild(server.child);
    // The main thread's profile is the largest (tsx's loader thread writes a small one too).
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".cpuprofile"))
      .map((f) => join(dir, f))
      .sort((a, b) => statSync(b).size - statSync(a).size);
    if (!files[0]) throw new Error("the server wrote no CPU profile");
    const profile = JSON.parse(readFileSync(files[0], "utf8")) as CpuProfile;
    const { categories: rows, functions } = summarise(profile, window.from, window.to);
    const all = rows.reduce((t, [, v]) => t + v, 0);
    const idle = rows.find(([k]) => k === "(idle)")?.[1] ?? 0;
    console.log(
      `\nServer under load (--cpu-prof, ${settings.connections} connections, ${settings.durationS} s): ${run.reqPerSec.toFixed(0)} req/s, p50 ${run.latencyMs.p50.toFixed(1)} ms, p99 ${run.latencyMs.p99.toFixed(1)} ms, ${run.unexpected + run.errors} errors; ${(((all - idle) / all) * 100).toFixed(0)}% of the main thread busy.`,
    );
    const seconds = (window.to - window.from) / 1000;
    const requests = run.reqPerSec * seconds;
    console.log(
      `  CPU used during the run (${seconds.toFixed(1)} s, 2 cores = ${(2 * seconds).toFixed(1)} CPU-s available):`,
    );
    for (const [who, used] of cpu)
      console.log(
        `  ${who.padEnd(44)} ${used.toFixed(1).padStart(6)} CPU-s  ${((used / requests) * 1000).toFixed(2).padStart(6)} ms per request`,
      );
    console.log(
      "  Self time by package or folder, builtins charged to their caller (share of the profile):",
    );
    for (const [name, value] of rows.slice(0, 22))
      console.log(`  ${((value / all) * 100).toFixed(1).padStart(5)}%  ${name}`);
    console.log("  Functions with the most self time:");
    for (const [name, value] of functions.slice(0, 25))
      console.log(`  ${((value / all) * 100).toFixed(1).padStart(5)}%  ${name}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.on("SIGINT", () => void cleanUp().finally(() => process.exit(130)));
process.on("exit", killChildrenNow);
try {
  const db = await createBenchDatabase(process.env.DATABASE_URL, flags.keep ?? false);
  await seedDatabase(db, settings.issues, 42);
  await analyzeDatabase(db);
  console.log(`Front page profile on ${db.kind}, ${settings.issues} synthetic weeks.`);
  await inProcess(db.url);
  await underLoad(db.url);
} catch (error) {
  log(`failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
