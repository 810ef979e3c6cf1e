// npm run soak [-- options]: the real server under a steady mix of reads, feed polls, votes and
// an editor's publishing, for a while; prints errors, latency percentiles and memory growth.
// See README "Soak".
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { analyzeDatabase, createBenchDatabase, seedDatabase } from "../bench/database.js";
import { graphql } from "../bench/http.js";
import { cleanUp, killChildrenNow, stopChild, track } from "../bench/lifecycle.js";
import { memoryOf } from "../bench/load.js";
import { machineInfo } from "../bench/report.js";
import { buildServer, startServerProcess, waitUntilReady } from "../helpers/server-process.js";
import { freePort, startVarnish, type Varnish, varnishMissing } from "../helpers/varnish.js";
import { type MemorySample, memoryGrowth, percentile } from "./stats.js";
import { countedVotes, type Kind, prepareWorkload } from "./workload.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const log = (line: string) => process.stderr.write(`[soak] ${line}\n`);

const USAGE = `npm run soak -- [options]
  --duration S      seconds of load after the warm-up (default 60)
  --warmup S        seconds of load before measuring latency and memory (default 10)
  --connections N   concurrent clients (default 8)
  --issues N        synthetic weeks to seed (default 200)
  --smoke           a quick check of the harness itself: 6 s, 2 s warm-up, 20 weeks
  --out DIR         where the JSON goes (default bench-results)
  --edge            put Varnish (deploy/varnish/api.vcl) in front: reads go as GETs through it,
                    writes purge it (CDN_PURGE_FORMAT=varnish); reports its hit ratio per kind
DATABASE_URL=postgres://… runs on a new database on that server (dropped afterwards);
unset, on PGlite in a temporary directory.`;

function options() {
  const { values } = parseArgs({
    options: {
      duration: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string" },
      issues: { type: "string" },
      smoke: { type: "boolean", default: false },
      edge: { type: "boolean", default: false },
      out: { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const number = (name: string, raw: string | undefined, fallback: number, min: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) {
      process.stderr.write(
        `--${name} must be a number ≥ ${min}, got ${JSON.stringify(raw)}\n${USAGE}\n`,
      );
      process.exit(2);
    }
    return n;
  };
  const smoke = values.smoke ?? false;
  return {
    smoke,
    edge: values.edge ?? false,
    durationS: number("duration", values.duration, smoke ? 6 : 60, 1),
    warmupS: number("warmup", values.warmup, smoke ? 2 : 10, 0),
    connections: Math.floor(number("connections", values.connections, smoke ? 4 : 8, 1)),
    issues: Math.floor(number("issues", values.issues, smoke ? 20 : 200, 1)),
    outDir: resolve(values.out ?? "bench-results"),
  };
}

/** The HTTP cache's share: answers it served itself, per kind and in all. */
function edgeLines(counts: Map<string, { hits: number; answers: number }>): string[] {
  const share = (c: { hits: number; answers: number }) =>
    `${c.hits} of ${c.answers} (${c.answers ? ((100 * c.hits) / c.answers).toFixed(1) : "0.0"}%)`;
  const all = [...counts.values()].reduce(
    (a, c) => ({ hits: a.hits + c.hits, answers: a.answers + c.answers }),
    { hits: 0, answers: 0 },
  );
  return [
    `edge (Varnish) hits: ${share(all)} of all answers`,
    ...[...counts.entries()].map(([kind, c]) => `  ${kind.padEnd(22)}${share(c)}`),
  ];
}

/** An editor token made by the real CLI, as an operator would. */
async function editorToken(databaseUrl: string): Promise<string> {
  const child = track(
    spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/token.ts", "create", "--name", "soak", "--scope", "editor"],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl },
        stdio: ["ignore", "pipe", "inherit"],
      },
    ),
  );
  let out = "";
  child.stdout?.on("data", (c: Buffer) => {
    out += c.toString();
  });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`token:create exited with ${code}`);
  return out.trim();
}

interface KindFigures {
  requests: number;
  errors: number;
  latenciesMs: number[];
}

function pick(kinds: Kind[], total: number): Kind {
  let r = Math.random() * total;
  for (const k of kinds) {
    r -= k.weight;
    if (r <= 0) return k;
  }
  return kinds[kinds.length - 1] as Kind;
}

async function main() {
  const settings = options();
  const startedAt = new Date().toISOString();
  const db = await createBenchDatabase(process.env.DATABASE_URL, false);
  log(`database: ${db.describe}`);
  await seedDatabase(db, settings.issues, 1);
  await analyzeDatabase(db);
  const token = await editorToken(db.url);

  const edgeMissing = settings.edge ? varnishMissing() : null;
  if (edgeMissing) throw new Error(`--edge: ${edgeMissing}`);
  // The cache's port is known before the server starts: the server purges there.
  const edgePort = settings.edge ? await freePort() : null;
  // Varnish appends the address it saw to X-Forwarded-For: one more trusted proxy.
  const edgeEnv: Record<string, string> = edgePort
    ? {
        CDN_PURGE_FORMAT: "varnish",
        CDN_PURGE_URL: `http://127.0.0.1:${edgePort}`,
        TRUST_PROXY: "2",
      }
    : {};
  log("building and starting the server (as npm start does)");
  buildServer();
  const server = await startServerProcess(
    {
      DATABASE_URL: db.url,
      // Votes come from many addresses (X-Forwarded-For), as behind the proxy a site would use.
      TRUST_PROXY: "true",
      SEED_ON_START: "false",
      RESPONSE_CACHE: "on",
      SHUTDOWN_TIMEOUT_MS: "5000",
      REDIS_URL: "",
      DATABASE_READ_URL: "",
      WEBSUB_HUB_URL: "",
      ...edgeEnv,
    },
    [],
    process.execPath,
    true,
  );
  track(server.child);
  await waitUntilReady(server.url, 180_000);
  // /readyz may answer a moment before the keys are loaded: wait for GraphQL itself too.
  for (let i = 0; i < 100; i++) {
    if (
      await graphql(server.url, "{ __typename }").then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  let varnish: Varnish | null = null;
  if (edgePort) {
    log(`starting Varnish on port ${edgePort} in front of the server`);
    varnish = await startVarnish([server.url], edgePort);
    track(varnish.child);
  }
  const base = varnish?.url ?? server.url;
  const workload = await prepareWorkload(
    base,
    settings.issues,
    token,
    // A smoke run is short: publish often enough that it surely happens.
    settings.smoke ? 3 : 0.3,
    settings.edge,
  );
  const totalWeight = workload.kinds.reduce((a, k) => a + k.weight, 0);
  const figures = new Map<string, KindFigures>(
    workload.kinds.map((k) => [k.name, { requests: 0, errors: 0, latenciesMs: [] }]),
  );
  const failures: { at: number; kind: string; message: string }[] = [];

  const pid = server.child.pid as number;
  const memory: MemorySample[] = [];
  const began = performance.now();
  const measureFrom = began + settings.warmupS * 1000;
  const end = measureFrom + settings.durationS * 1000;
  const sampler = setInterval(() => {
    const m = memoryOf(pid);
    if (m) memory.push({ t: (performance.now() - began) / 1000, rssMb: m.rssMb });
  }, 1000);
  let lastReport = began;
  log(
    `load: ${settings.connections} clients, ${settings.warmupS} s warm-up + ${settings.durationS} s measured`,
  );

  const client = async () => {
    while (performance.now() < end) {
      const kind = pick(workload.kinds, totalWeight);
      const fig = figures.get(kind.name) as KindFigures;
      const t0 = performance.now();
      try {
        await kind.run(base);
        if (t0 >= measureFrom) fig.latenciesMs.push(performance.now() - t0);
      } catch (error) {
        fig.errors++;
        failures.push({
          at: (t0 - began) / 1000,
          kind: kind.name,
          message: (error as Error).message.slice(0, 300),
        });
      }
      fig.requests++;
      const now = performance.now();
      if (now - lastReport > 10_000) {
        lastReport = now;
        const done = [...figures.values()].reduce((a, f) => a + f.requests, 0);
        const errs = [...figures.values()].reduce((a, f) => a + f.errors, 0);
        const rss = memory.at(-1)?.rssMb ?? 0;
        log(
          `${((now - began) / 1000).toFixed(0)} s: ${done} actions, ${errs} errors, server RSS ${rss.toFixed(0)} MB`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: settings.connections }, client));
  clearInterval(sampler);
  const elapsedS = (performance.now() - began) / 1000;

  const counted = await countedVotes(server.url);
  const accepted = workload.accepted();
  await varnish?.stop();
  log("stopping the server (SIGTERM)");
  const exited = server.exited;
  await stopChild(server.child, 10_000);
  const exitCode = await exited;
  // Error-level lines the server logged (pino level 50+), e.g. an unexpected resolver failure.
  const serverErrors = server.logs.filter((l) => /"level":(5|6)\d/.test(l));

  const measured = memory.filter((s) => s.t >= settings.warmupS);
  const growth = memoryGrowth(measured);
  const kinds = [...figures.entries()].map(([name, f]) => ({
    name,
    requests: f.requests,
    errors: f.errors,
    p50Ms: percentile(f.latenciesMs, 50),
    p99Ms: percentile(f.latenciesMs, 99),
    maxMs: Math.max(0, ...f.latenciesMs),
  }));
  const all = [...figures.values()].flatMap((f) => f.latenciesMs);
  const totalRequests = kinds.reduce((a, k) => a + k.requests, 0);
  const totalErrors = kinds.reduce((a, k) => a + k.errors, 0);
  // Beyond noise: more than 10% above the post-warm-up level and still climbing steadily.
  const memoryGrew = growth.growthPct > 10 && growth.slopeMbPerMin > 2;
  const votesExact = counted === accepted;

  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (n: number, d = 1) => n.toFixed(d).padStart(9);
  const lines = [
    "",
    `${pad("kind", 24)}${"actions".padStart(9)}${"errors".padStart(9)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"max ms".padStart(9)}`,
    ...kinds.map(
      (k) =>
        `${pad(k.name, 24)}${String(k.requests).padStart(9)}${String(k.errors).padStart(9)}${num(k.p50Ms)}${num(k.p99Ms)}${num(k.maxMs)}`,
    ),
    `${pad("all", 24)}${String(totalRequests).padStart(9)}${String(totalErrors).padStart(9)}${num(percentile(all, 50))}${num(percentile(all, 99))}${num(Math.max(0, ...all))}`,
    "",
    `throughput: ${(totalRequests / elapsedS).toFixed(1)} actions/s over ${elapsedS.toFixed(0)} s on ${db.kind}`,
    `memory (server RSS, after warm-up): ${growth.startMb.toFixed(0)} → ${growth.endMb.toFixed(0)} MB (${growth.growthMb >= 0 ? "+" : ""}${growth.growthMb.toFixed(1)} MB, ${growth.growthPct.toFixed(1)}%), peak ${growth.maxMb.toFixed(0)} MB, trend ${growth.slopeMbPerMin.toFixed(2)} MB/min${memoryGrew ? "  ← GROWING" : ""}`,
    `votes: ${accepted} accepted, ${counted ?? "no"} counted${votesExact ? " (exact)" : "  ← MISMATCH"}`,
    ...(settings.edge ? edgeLines(workload.edge()) : []),
    `server: exit code ${exitCode}, ${serverErrors.length} error lines logged`,
    "",
  ];
  process.stdout.write(lines.join("\n"));
  for (const f of failures.slice(0, 10))
    log(`error at ${f.at.toFixed(1)} s (${f.kind}): ${f.message}`);
  for (const l of serverErrors.slice(0, 5)) log(`server logged: ${l.slice(0, 300)}`);

  const report = {
    startedAt,
    settings,
    database: { kind: db.kind },
    machine: machineInfo(),
    elapsedS,
    totalRequests,
    totalErrors,
    p99Ms: percentile(all, 99),
    kinds,
    memory: growth,
    memorySamples: memory,
    votes: { accepted, counted },
    edge: settings.edge ? Object.fromEntries(workload.edge()) : undefined,
    server: { exitCode, errorLines: serverErrors.length },
    failures: failures.slice(0, 100),
  };
  mkdirSync(settings.outDir, { recursive: true });
  const file = join(
    settings.outDir,
    `soak-${startedAt.replace(/[:]/g, "-").replace(/\.\d+Z$/, "Z")}-${db.kind}.json`,
  );
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`figures written to ${file}`);
  const ok =
    totalErrors === 0 &&
    votesExact &&
    exitCode === 0 &&
    serverErrors.length === 0 &&
    (settings.smoke || !memoryGrew);
  return ok ? 0 : 1;
}

let code = 1;
process.once("SIGINT", () => {
  log("interrupted: cleaning up");
  void cleanUp().finally(() => process.exit(130));
});
process.once("exit", killChildrenNow);
try {
  code = await main();
} catch (error) {
  log(`failed: ${(error as Error).message}`);
} finally {
  await cleanUp();
}
process.exit(code);
