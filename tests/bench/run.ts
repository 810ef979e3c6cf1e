// npm run bench [-- options]: seed a synthetic archive, start the real server, and measure each
// scenario against a bare node:http server replaying the same bytes. See README "Benchmarks".
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { buildServer, startServerProcess } from "../helpers/server-process.js";
import { type Baseline, startBaseline } from "./baseline.js";
import { type Pinning, pinProcesses } from "./cpu.js";
import {
  analyzeDatabase,
  type BenchDatabase,
  createBenchDatabase,
  seedDatabase,
} from "./database.js";
import type { Answer, BenchRequest } from "./http.js";
import { graphql, graphqlRequest, send } from "./http.js";
import { cleanUp, killChildrenNow, killStrayServers, stopChild, track } from "./lifecycle.js";
import { bodiesKept, type FireOptions, fire, stopLoad, waitQuiet } from "./load.js";
import { type BenchSettings, parseOptions, USAGE, UsageError } from "./options.js";
import {
  installPeer,
  type PeerRuntime,
  type PeerServer,
  startPostGraphile,
} from "./peers/postgraphile.js";
import { NO_PEER, PEER_SCENARIOS } from "./peers/scenarios.js";
import {
  type BenchReport,
  checkTargets,
  formatComparison,
  formatReport,
  machineInfo,
  mediansOf,
  problemsOf,
  type RunPair,
  type ScenarioResult,
  writeReport,
} from "./report.js";
import { SCENARIOS, type Scenario } from "./scenarios.js";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
/** How often, across all connections, an answer under load is kept and compared. */
const SAMPLE_EVERY_MS = 100;
const autocannonVersion = (
  createRequire(import.meta.url)("autocannon/package.json") as { version: string }
).version;

class Interrupted extends Error {}
let interrupted: string | undefined;
const checkInterrupted = () => {
  if (interrupted) throw new Interrupted(interrupted);
};

type Archive = BenchReport["archive"];

/** Poll /readyz until the server has migrated (it listens before that). */
async function waitReady(url: string, exited: Promise<number | null>, logs: string[]) {
  let gone: number | null | undefined;
  void exited.then((code) => {
    gone = code;
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    checkInterrupted();
    if (gone !== undefined)
      throw new Error(`the server exited with ${gone}:\n${logs.slice(-20).join("\n")}`);
    const status = await fetch(`${url}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    // /readyz can say 200 a moment before GraphQL stops answering 503 "the server is starting"
    // (the app secret loads after the migrations): wait for GraphQL itself too.
    if (status === 200) {
      const answer = await send(url, graphqlRequest("{ __typename }")).catch(() => undefined);
      if (answer?.status === 200) return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server was not ready within 180 s:\n${logs.slice(-20).join("\n")}`);
}

async function measureArchive(url: string, weeks: number): Promise<Archive> {
  const data = await graphql<{
    issues: { totalCount: number };
    timeline: { totalCount: number };
  }>(url, "{ issues(first: 1) { totalCount } timeline(first: 1) { totalCount } }");
  return {
    syntheticWeeks: weeks,
    issues: data.issues.totalCount,
    entries: data.timeline.totalCount,
  };
}

const fmtPeers = (r: RunPair) =>
  r.node22 && r.peer
    ? ` | Node 22 ${r.node22.reqPerSec.toFixed(1)} req/s p50 ${r.node22.latencyMs.p50.toFixed(2)} ms` +
      ` | PostGraphile ${r.peer.reqPerSec.toFixed(1)} req/s p50 ${r.peer.latencyMs.p50.toFixed(2)} ms`
    : "";

const fmtRun = (r: RunPair) =>
  `${r.real.reqPerSec.toFixed(1)} req/s p50 ${r.real.latencyMs.p50.toFixed(2)} ms | baseline ${r.baseline.reqPerSec.toFixed(0)} req/s | ${r.ratioPct.toFixed(2)}%` +
  ` | load generator ${r.real.loadCpuPct.toFixed(0)}% / ${r.baseline.loadCpuPct.toFixed(0)}% of a core` +
  ` | ${r.real.samples.checked - r.real.samples.wrong}/${r.real.samples.checked} answers ok` +
  (r.real.errors + r.real.unexpected
    ? ` | ${r.real.errors} errors, ${r.real.unexpected} unexpected statuses`
    : "") +
  fmtPeers(r);

/** With --peers: the other servers of a scenario's rounds, started and checked. */
interface Peers {
  node22: { pid: number; url: string; answer: Answer };
  postgraphile: { server: PeerServer; request: BenchRequest; answer: Answer };
}

/**
 * Start this server on Node 22 and PostGraphile for a scenario PostGraphile answers too, and
 * check both answers before anything is measured: Node 22's must be Node 20's, byte for byte;
 * PostGraphile's must hold the same rows (peers/scenarios.ts).
 */
async function startPeers(
  scenario: Scenario,
  runtime: PeerRuntime,
  env: Record<string, string>,
  ours: { request: BenchRequest; answer: Answer },
  ctx: { db: BenchDatabase; issues: number; pinning: Pinning },
  stops: (() => Promise<void>)[],
): Promise<Peers> {
  const tag = `${scenario.id}:`;
  const peer = PEER_SCENARIOS[scenario.id];
  if (!peer) throw new Error(`${tag} no PostGraphile equivalent`);
  log(`${tag} peers: starting this server on Node ${runtime.nodeVersion}`);
  const server = await startServerProcess(env, [], runtime.node, true).catch((error: Error) => {
    killStrayServers();
    throw new Error(`${tag} the server on Node 22 did not start: ${error.message}`);
  });
  track(server.child);
  stops.push(() => stopChild(server.child));
  if (server.child.pid !== undefined) ctx.pinning.server(server.child.pid);
  await waitReady(server.url, server.exited, server.logs);
  await send(server.url, ours.request);
  const answer22 = await send(server.url, ours.request);
  if (answer22.status !== ours.answer.status || !answer22.body.equals(ours.answer.body)) {
    throw new Error(`${tag} the server on Node 22 does not answer as on ${process.version}`);
  }

  log(`${tag} peers: starting PostGraphile ${runtime.postgraphile} on Node ${runtime.nodeVersion}`);
  const pg = await startPostGraphile(runtime, ctx.db.url, 10);
  stops.push(() => pg.stop());
  ctx.pinning.server(pg.pid);
  const request = await peer.prepare(pg.url, {
    issues: ctx.issues,
    now: new Date().toISOString(),
  });
  // The first answer builds PostGraphile's plan for the document; the second is the one kept.
  await send(pg.url, request);
  const peerAnswer = await send(pg.url, request);
  try {
    peer.check(ours.answer, peerAnswer);
  } catch (error) {
    throw new Error(
      `${tag} PostGraphile's answer does not hold the same rows: ${(error as Error).message}`,
    );
  }
  log(`${tag} peers: PostGraphile's answer has the same rows (${peerAnswer.body.length} bytes)`);
  return {
    node22: { pid: server.child.pid ?? -1, url: server.url, answer: answer22 },
    postgraphile: { server: pg, request, answer: peerAnswer },
  };
}

async function runScenario(
  scenario: Scenario,
  db: BenchDatabase,
  settings: BenchSettings,
  archive: { value?: Archive },
  pinning: Pinning,
  peerRuntime: PeerRuntime | undefined,
): Promise<ScenarioResult> {
  const tag = `${scenario.id}:`;
  log(
    `${tag} starting the server (RESPONSE_CACHE=${scenario.responseCache}, FEED_CACHE=${scenario.feedCache})`,
  );
  const spawned = Date.now();
  const env = {
    DATABASE_URL: db.url,
    RESPONSE_CACHE: scenario.responseCache,
    FEED_CACHE: scenario.feedCache,
    LOG_LEVEL: "info",
    // The server's work, not its request log (one line per request; docs/performance.md).
    REQUEST_LOG_LEVEL: "debug",
    SHUTDOWN_TIMEOUT_MS: "3000",
    SEED_ON_START: "false",
    // Same setup for every run, whatever the shell has: one process, no Redis, no replica, no hub.
    REDIS_URL: "",
    DATABASE_READ_URL: "",
    WEBSUB_HUB_URL: "",
  };
  const server = await startServerProcess(env, [], process.execPath, true).catch((error: Error) => {
    killStrayServers();
    throw new Error(`${tag} the server did not start: ${error.message}`);
  });
  track(server.child);
  let baseline: Baseline | undefined;
  const stops: (() => Promise<void>)[] = [];
  try {
    if (server.child.pid !== undefined) pinning.server(server.child.pid);
    await waitReady(server.url, server.exited, server.logs);
    const serverStartS = (Date.now() - spawned) / 1000;
    archive.value ??= await measureArchive(server.url, settings.issues);

    const prepared = await scenario.prepare(server.url, { issues: settings.issues });
    // Twice: with the response cache on, the first answer fills it and the second is a hit.
    await send(server.url, prepared.request);
    const answer = await send(server.url, prepared.request);
    try {
      scenario.check(answer);
    } catch (error) {
      throw new Error(`${tag} the server's answer is not right: ${(error as Error).message}`);
    }
    const cacheStatus = answer.headers["x-cache"];
    if (scenario.responseCache === "off" && cacheStatus === "HIT") {
      throw new Error(`${tag} x-cache: HIT although the server runs with RESPONSE_CACHE=off`);
    }
    if (scenario.responseCache === "on" && cacheStatus !== "HIT") {
      // Measuring it would report the uncached speed under the cached label.
      throw new Error(
        `${tag} the repeated request is not a response-cache hit (x-cache: ${cacheStatus ?? "absent"})`,
      );
    }
    const label = prepared.label ?? scenario.label;
    if (prepared.note) log(`${tag} ${prepared.note}`);

    baseline = await startBaseline(answer);
    pinning.server(baseline.pid);
    const echo = await send(baseline.url, prepared.request);
    if (echo.status !== answer.status || !echo.body.equals(answer.body)) {
      throw new Error(`${tag} the baseline does not replay the server's answer`);
    }

    const withPeer = peerRuntime && PEER_SCENARIOS[scenario.id] ? peerRuntime : undefined;
    const peers = withPeer
      ? await startPeers(
          scenario,
          withPeer,
          env,
          { request: prepared.request, answer },
          { db, issues: settings.issues, pinning },
          stops,
        )
      : undefined;

    const pid = server.child.pid;
    const options: FireOptions = {
      durationS: settings.durationS,
      connections: settings.connections,
      expectedStatus: prepared.expectedStatus,
      expected: answer,
      sampleEveryMs: SAMPLE_EVERY_MS,
      watchPostgres: db.kind === "postgres",
      ...(pid === undefined ? {} : { watchPid: pid }),
    };
    const quiet = () =>
      waitQuiet(
        [pid, baseline?.pid, peers?.node22.pid, peers?.postgraphile.server.pid].filter(
          (p): p is number => p !== undefined && p > 0,
        ),
      );
    // One round: this server, then (--peers) the same on Node 22 and PostGraphile, then the
    // baseline, each starting once every process is idle.
    const pair = async (durationS: number, amount?: number): Promise<RunPair> => {
      checkInterrupted();
      await quiet();
      const sized = { ...options, durationS, ...(amount === undefined ? {} : { amount }) };
      const real = await fire(server.url, prepared.request, sized);
      checkInterrupted();
      let sides: Pick<RunPair, "node22" | "peer"> = {};
      if (peers) {
        await quiet();
        const node22 = await fire(peers.node22.url, prepared.request, {
          ...sized,
          expected: peers.node22.answer,
          watchPid: peers.node22.pid,
        });
        checkInterrupted();
        await quiet();
        const pg = peers.postgraphile;
        const peer = await fire(pg.server.url, pg.request, {
          ...sized,
          expectedStatus: 200,
          expected: pg.answer,
          watchPid: pg.server.pid,
        });
        checkInterrupted();
        sides = { node22, peer };
      }
      await quiet();
      const base = await fire(baseline?.url ?? "", prepared.request, {
        ...sized,
        watchPostgres: false,
        ...(baseline ? { watchPid: baseline.pid } : {}),
      });
      checkInterrupted();
      const ratioPct = base.reqPerSec > 0 ? (real.reqPerSec / base.reqPerSec) * 100 : Number.NaN;
      return { real, baseline: base, ratioPct, ...sides };
    };

    let warmup: RunPair | null = null;
    if (settings.warmupS > 0) {
      log(
        `${tag} warm-up ${settings.warmupS} s (server, ${peers ? "on Node 22, PostGraphile, " : ""}then baseline)`,
      );
      warmup = await pair(settings.warmupS, settings.requests && settings.connections);
    }
    const runs: RunPair[] = [];
    for (let i = 1; i <= settings.runs; i++) {
      const run = await pair(settings.durationS, settings.requests);
      runs.push(run);
      log(`${tag} run ${i}/${settings.runs}: ${fmtRun(run)}`);
    }
    const failed = problemsOf(warmup, runs);
    return {
      id: scenario.id,
      label,
      ...(prepared.note ? { note: prepared.note } : {}),
      responseCache: scenario.responseCache,
      request: prepared.request,
      expectedStatus: prepared.expectedStatus,
      answer: { status: answer.status, bytes: answer.body.length, headers: answer.headers },
      serverPid: pid ?? -1,
      serverStartS,
      warmup,
      runs,
      median: mediansOf(runs),
      ...(failed ? { failed } : {}),
      ...(peers
        ? {
            peer: {
              request: peers.postgraphile.request,
              answer: {
                status: peers.postgraphile.answer.status,
                bytes: peers.postgraphile.answer.body.length,
              },
              node22ServerPid: peers.node22.pid,
              postgraphilePid: peers.postgraphile.server.pid,
            },
          }
        : {}),
      ...(settings.peers && !peers
        ? { noPeer: NO_PEER[scenario.id] ?? "no PostGraphile equivalent" }
        : {}),
    };
  } finally {
    await baseline?.stop();
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await stopChild(server.child);
  }
}

const results: ScenarioResult[] = [];
/** Scenarios that could not be measured; the others still run. */
const failures: { id: string; error: string }[] = [];
let context:
  | {
      settings: BenchSettings;
      startedAt: Date;
      db?: BenchDatabase;
      seedSeconds: number;
      analyzeSeconds: number;
      archive: { value?: Archive };
      machine: BenchReport["machine"];
      pinning?: Pinning;
      peers?: PeerRuntime;
    }
  | undefined;

function buildReport(incomplete?: string): BenchReport | undefined {
  if (!context?.db) return undefined;
  const { settings, db } = context;
  return {
    kind: "newsletter-content-api bench",
    version: 1,
    startedAt: context.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    settings,
    database: {
      kind: db.kind,
      describe: db.describe,
      seedSeconds: context.seedSeconds,
      analyzeSeconds: context.analyzeSeconds,
    },
    archive: context.archive.value ?? { syntheticWeeks: settings.issues, issues: 0, entries: 0 },
    machine: { ...context.machine, loadAvgAtEnd: loadavg().map((v) => Math.round(v * 100) / 100) },
    loadTool: `autocannon ${autocannonVersion} (programmatic, one thread, pipelining 1, ${
      bodiesKept ? "bodies decoded: figures for binary bodies are biased" : "bodies not decoded"
    })`,
    pinning: context.pinning?.describe ?? "not pinned: the run stopped before",
    scenarios: results,
    failures,
    targets: checkTargets(results),
    ...(incomplete ? { incomplete } : {}),
    ...(context.peers
      ? {
          peers: {
            node22: context.peers.nodeVersion,
            postgraphile: context.peers.postgraphile,
            connectionFilter: context.peers.connectionFilter,
            preset:
              "postgraphile/presets/amber + postgraphile-plugin-connection-filter, grafserv node adapter",
            dir: context.peers.dir,
          },
        }
      : {}),
  };
}

function publish(report: BenchReport): void {
  const file = writeReport(report);
  process.stdout.write(`${formatReport(report)}\n`);
  if (report.settings.compare) {
    try {
      process.stdout.write(`\n${formatComparison(report, report.settings.compare)}\n`);
    } catch (error) {
      log(`cannot compare with ${report.settings.compare}: ${(error as Error).message}`);
    }
  }
  process.stdout.write(`\nJSON: ${file}\n`);
}

async function main(): Promise<number> {
  let settings: BenchSettings;
  try {
    const parsed = parseOptions(process.argv.slice(2));
    if (parsed === "help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    settings = parsed;
    if (settings.compare) {
      // Fail now, not after the whole run.
      try {
        JSON.parse(readFileSync(settings.compare, "utf8"));
      } catch (error) {
        throw new UsageError(`--compare ${settings.compare}: ${(error as Error).message}`);
      }
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (settings.peers && !/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) {
    process.stderr.write(
      "bench: --peers needs DATABASE_URL=postgres://… (PostGraphile runs on PostgreSQL, not PGlite)\n",
    );
    return 2;
  }
  context = {
    settings,
    startedAt: new Date(),
    seedSeconds: 0,
    analyzeSeconds: 0,
    archive: {},
    machine: machineInfo(),
  };
  const perScenario =
    settings.requests === undefined
      ? `~${Math.round((settings.warmupS + settings.runs * settings.durationS) * (settings.peers ? 4 : 2) + 5)} s`
      : `${settings.runs} × ${settings.requests} requests`;
  log(
    `${settings.scenarios.length} scenarios × ${perScenario} each, after seeding ${settings.issues} weeks`,
  );
  // Before the seed: an install or build that fails should fail the run at once.
  if (settings.peers) context.peers = await installPeer();
  log("building the server as npm start does (dist/main.js)");
  buildServer();
  const db = await createBenchDatabase(process.env.DATABASE_URL || undefined, settings.keep);
  context.db = db;
  checkInterrupted();
  context.seedSeconds = await seedDatabase(db, settings.issues, settings.seed);
  checkInterrupted();
  context.analyzeSeconds = await analyzeDatabase(db);
  // After seeding: processes started from here on would inherit the load generator's CPU.
  const pinning = pinProcesses(settings.pin);
  context.pinning = pinning;
  log(`pinning: ${pinning.describe}`);
  for (const id of settings.scenarios) {
    checkInterrupted();
    try {
      const result = await runScenario(
        SCENARIOS[id],
        db,
        settings,
        context.archive,
        pinning,
        context.peers,
      );
      results.push(result);
      if (result.failed) {
        log(`${id}: FAILED: ${result.failed}`);
        failures.push({ id, error: result.failed });
      }
    } catch (error) {
      if (interrupted || error instanceof Interrupted) throw error;
      const message = (error as Error).message;
      log(`${id}: FAILED, going on with the next scenario: ${message}`);
      failures.push({ id, error: message });
    }
  }
  const report = buildReport();
  if (report) publish(report);
  return failures.length ? 1 : 0;
}

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  if (interrupted) {
    killChildrenNow();
    process.exit(130);
  }
  interrupted = `stopped by ${signal}`;
  log(`${signal}: stopping, cleaning up (again to force)`);
  stopLoad();
  await cleanUp();
  const report = results.length ? buildReport(interrupted) : undefined;
  if (report) publish(report);
  process.exit(130);
}

process.on("SIGINT", (s) => void onSignal(s));
process.on("SIGTERM", (s) => void onSignal(s));
process.on("exit", killChildrenNow);

let code = 1;
try {
  code = await main();
} catch (error) {
  if (interrupted || error instanceof Interrupted) {
    // onSignal cleans up, writes what was measured, and exits.
    await new Promise(() => {});
  }
  log(`error: ${(error as Error).message}`);
  const report = results.length ? buildReport(`failed: ${(error as Error).message}`) : undefined;
  if (report) publish(report);
} finally {
  await cleanUp();
}
process.exit(code);
