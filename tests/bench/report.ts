// Medians, the printed table, the targets of issue 7, comparisons, and the JSON result.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { arch, cpus, loadavg, release, totalmem, type } from "node:os";
import { join } from "node:path";
import type { RunFigures } from "./load.js";
import type { BenchSettings } from "./options.js";
import type { ScenarioId } from "./scenarios.js";

export interface RunPair {
  real: RunFigures;
  baseline: RunFigures;
  /** real req/s ÷ baseline req/s of this pair, in percent. */
  ratioPct: number;
  /** With --peers: this project's server on Node 22, in the same round. */
  node22?: RunFigures;
  /** With --peers: PostGraphile (Node 22) answering the equivalent query, in the same round. */
  peer?: RunFigures;
}

/** The medians of one side of a --peers round (this server on Node 22, or PostGraphile). */
export interface SideMedians {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number | null;
  serverCpuPct: number | null;
  databaseCpuPct: number | null;
  errors: number;
  unexpected: number;
  checked: number;
  wrong: number;
}

/** With --peers: the other servers of each round, and the ratios within each round. */
export interface PeerMedians {
  node22: SideMedians;
  postgraphile: SideMedians;
  /** Median over the rounds of (this server on the machine's Node ÷ PostGraphile), in req/s. */
  vsPostGraphile: number;
  /** The same for this server on Node 22. */
  node22VsPostGraphile: number;
}

export interface ScenarioMedians {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  baselineReqPerSec: number;
  baselineP50Ms: number;
  baselineP99Ms: number;
  /** Median over the runs of (real req/s ÷ baseline req/s of the same run pair), in percent. */
  ratioPct: number;
  /** Highest RSS of the server sampled during the measured runs (not a median). */
  peakRssMb: number | null;
  /** Over all measured runs: socket errors/timeouts, and answers with another status than expected. */
  errors: number;
  unexpected: number;
  /** CPU of the load generator while it drove the server, and while it drove the baseline (% of a core). */
  loadCpuPct: number;
  baselineLoadCpuPct: number;
  /** CPU of the server process and of PostgreSQL's processes during the runs (% of a core). */
  serverCpuPct: number | null;
  databaseCpuPct: number | null;
  /** Over all measured runs: answers compared byte for byte under load, and those that differed. */
  checked: number;
  wrong: number;
  /** With --peers, for scenarios PostGraphile answers too. */
  peers?: PeerMedians;
}

export interface ScenarioResult {
  id: ScenarioId;
  label: string;
  note?: string;
  responseCache: "on" | "off";
  request: { method: string; path: string; headers: Record<string, string>; body?: string };
  expectedStatus: number;
  /** The real server's answer, which the baseline replays byte for byte. */
  answer: { status: number; bytes: number; headers: Record<string, string> };
  serverPid: number;
  /** Seconds from spawning the server to /readyz answering 200. */
  serverStartS: number;
  warmup: RunPair | null;
  runs: RunPair[];
  median: ScenarioMedians;
  /** Why these figures are not to be trusted (errors, wrong answers under load): the run fails. */
  failed?: string;
  /** With --peers: PostGraphile's request (its names for the same rows) and its answer's size. */
  peer?: {
    request: { method: string; path: string; headers: Record<string, string>; body?: string };
    answer: { status: number; bytes: number };
    node22ServerPid: number;
    postgraphilePid: number;
  };
  /** With --peers: why this scenario has no PostGraphile cell. */
  noPeer?: string;
}

export interface BenchReport {
  kind: "newsletter-content-api bench";
  version: 1;
  startedAt: string;
  finishedAt: string;
  settings: BenchSettings;
  database: {
    kind: "pglite" | "postgres";
    describe: string;
    seedSeconds: number;
    /** VACUUM (ANALYZE) after seeding, so the planner has statistics as in service. */
    analyzeSeconds: number;
  };
  archive: { syntheticWeeks: number; issues: number; entries: number };
  machine: {
    cpus: number;
    cpuModel: string;
    node: string;
    os: string;
    totalMemGb: number;
    /** 1, 5 and 15 minute load averages: other work on the machine skews the figures. */
    loadAvgAtStart: number[];
    loadAvgAtEnd?: number[];
  };
  loadTool: string;
  /** Which CPUs the load generator and the servers ran on, or why they were not pinned. */
  pinning: string;
  scenarios: ScenarioResult[];
  /** Scenarios that could not be measured or whose figures failed their checks, with the reason. */
  failures: { id: string; error: string }[];
  targets: TargetCheck[];
  /** Set when the run stopped early (Ctrl-C or an error): the results so far. */
  incomplete?: string;
  /** With --peers: what the peers ran on. */
  peers?: {
    node22: string;
    postgraphile: string;
    connectionFilter: string;
    preset: string;
    dir: string;
  };
}

export interface TargetCheck {
  target: string;
  value: number | null;
  unit: "%" | "×";
  met: boolean | null;
}

export function median(values: number[]): number {
  const sorted = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 ? hi : ((sorted[mid - 1] ?? hi) + hi) / 2;
}

export function mediansOf(runs: RunPair[]): ScenarioMedians {
  const real = runs.map((r) => r.real);
  const base = runs.map((r) => r.baseline);
  const reqPerSec = median(real.map((r) => r.reqPerSec));
  const baselineReqPerSec = median(base.map((r) => r.reqPerSec));
  const rss = real.map((r) => r.peakRssMb).filter((v): v is number => v !== null);
  const peers = peerMediansOf(runs);
  return {
    reqPerSec,
    p50Ms: median(real.map((r) => r.latencyMs.p50)),
    p99Ms: median(real.map((r) => r.latencyMs.p99)),
    baselineReqPerSec,
    baselineP50Ms: median(base.map((r) => r.latencyMs.p50)),
    baselineP99Ms: median(base.map((r) => r.latencyMs.p99)),
    // Per run pair (server and baseline measured back to back), then the median: steadier than
    // the ratio of the two medians when the machine's load drifts during the run.
    ratioPct: median(runs.map((r) => r.ratioPct)),
    peakRssMb: rss.length ? Math.max(...rss) : null,
    errors: real.reduce((n, r) => n + r.errors, 0),
    unexpected: real.reduce((n, r) => n + r.unexpected, 0),
    loadCpuPct: median(real.map((r) => r.loadCpuPct)),
    baselineLoadCpuPct: median(base.map((r) => r.loadCpuPct)),
    serverCpuPct: orNull(real.map((r) => r.serverCpuPct)),
    databaseCpuPct: orNull(real.map((r) => r.databaseCpuPct)),
    checked: real.reduce((n, r) => n + r.samples.checked, 0),
    wrong: real.reduce((n, r) => n + r.samples.wrong, 0),
    ...(peers ? { peers } : {}),
  };
}

const orNull = (values: (number | null)[]) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? median(known) : null;
};

function sideMedians(figures: RunFigures[]): SideMedians {
  const rss = figures.map((r) => r.peakRssMb).filter((v): v is number => v !== null);
  return {
    reqPerSec: median(figures.map((r) => r.reqPerSec)),
    p50Ms: median(figures.map((r) => r.latencyMs.p50)),
    p99Ms: median(figures.map((r) => r.latencyMs.p99)),
    peakRssMb: rss.length ? Math.max(...rss) : null,
    serverCpuPct: orNull(figures.map((r) => r.serverCpuPct)),
    databaseCpuPct: orNull(figures.map((r) => r.databaseCpuPct)),
    errors: figures.reduce((n, r) => n + r.errors, 0),
    unexpected: figures.reduce((n, r) => n + r.unexpected, 0),
    checked: figures.reduce((n, r) => n + r.samples.checked, 0),
    wrong: figures.reduce((n, r) => n + r.samples.wrong, 0),
  };
}

/** The --peers sides of the rounds, with the ratios taken within each round; undefined without. */
function peerMediansOf(runs: RunPair[]): PeerMedians | undefined {
  const rounds = runs.filter(
    (r): r is RunPair & { node22: RunFigures; peer: RunFigures } => !!r.node22 && !!r.peer,
  );
  if (rounds.length === 0 || rounds.length !== runs.length) return undefined;
  const per = (f: (r: (typeof rounds)[number]) => number) =>
    median(rounds.map((r) => (r.peer.reqPerSec > 0 ? f(r) / r.peer.reqPerSec : Number.NaN)));
  return {
    node22: sideMedians(rounds.map((r) => r.node22)),
    postgraphile: sideMedians(rounds.map((r) => r.peer)),
    vsPostGraphile: per((r) => r.real.reqPerSec),
    node22VsPostGraphile: per((r) => r.node22.reqPerSec),
  };
}

/**
 * Why a scenario's figures must not be reported as its speed, or undefined when they may: any
 * socket error or timeout, any status other than the expected one, any answer under load that
 * is not the verified one (server or baseline, warm-up included), or no answer checked at all.
 */
export function problemsOf(warmup: RunPair | null, runs: RunPair[]): string | undefined {
  const problems: string[] = [];
  const all = [...(warmup ? [warmup] : []), ...runs];
  const sides: [string, RunFigures[]][] = [
    ["server", all.map((r) => r.real)],
    ["baseline", all.map((r) => r.baseline)],
  ];
  const node22 = all.map((r) => r.node22).filter((f): f is RunFigures => !!f);
  const peer = all.map((r) => r.peer).filter((f): f is RunFigures => !!f);
  if (node22.length) sides.push(["server on Node 22", node22]);
  if (peer.length) sides.push(["PostGraphile", peer]);
  for (const [side, figures] of sides) {
    const errors = figures.reduce((n, f) => n + f.errors + f.timeouts, 0);
    const unexpected = figures.reduce((n, f) => n + f.unexpected, 0);
    const wrong = figures.reduce((n, f) => n + f.samples.wrong, 0);
    const checked = figures.reduce((n, f) => n + f.samples.checked, 0);
    const firstWrong = figures.find((f) => f.samples.firstWrong)?.samples.firstWrong;
    if (errors) problems.push(`${side}: ${errors} socket errors or timeouts`);
    if (unexpected) {
      const statuses = figures.map((f) => JSON.stringify(f.statuses)).join(", ");
      problems.push(`${side}: ${unexpected} answers with an unexpected status (${statuses})`);
    }
    if (wrong)
      problems.push(
        `${side}: ${wrong} of ${checked} answers checked under load differ: ${firstWrong}`,
      );
    if (checked === 0) problems.push(`${side}: no answer was checked under load`);
  }
  return problems.length ? problems.join("; ") : undefined;
}

export function machineInfo(): BenchReport["machine"] {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? "unknown",
    node: process.version,
    os: `${type()} ${release()} ${arch()}`,
    totalMemGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAvgAtStart: loadavg().map((v) => Math.round(v * 100) / 100),
  };
}

/** The goals of issue 7, item 5, checked against this run (null: scenario not run). */
export function checkTargets(results: ScenarioResult[]): TargetCheck[] {
  const by = (id: ScenarioId) => results.find((r) => r.id === id)?.median;
  const failed = (id: ScenarioId) => results.some((r) => r.id === id && r.failed);
  const ratio = (id: ScenarioId, min: number, target: string): TargetCheck => {
    const m = by(id);
    const value = m ? m.ratioPct : null;
    return { target, value, unit: "%", met: value === null ? null : value >= min && !failed(id) };
  };
  const t1 = by("timeline-1");
  const tDeep = by("timeline-200");
  const deepLabel = results.find((r) => r.id === "timeline-200")?.label ?? "timeline page 200";
  const slowdown = t1 && tDeep && t1.p50Ms > 0 ? tDeep.p50Ms / t1.p50Ms : null;
  return [
    ratio("front-page", 0.85, "front page, cache off: ≥ 0.85% of the bare ceiling"),
    ratio("front-page-cached", 60, "front page, cache on: ≥ 60% of the bare ceiling"),
    ratio("feed-cached", 70, "cached feed (200): ≥ 70% of the bare ceiling"),
    ratio("feed-304", 70, "cached feed (304): ≥ 70% of the bare ceiling"),
    {
      target: `${deepLabel} p50 ≤ 1.3 × timeline page 1 p50`,
      value: slowdown,
      unit: "×",
      met:
        slowdown === null
          ? null
          : slowdown <= 1.3 && !failed("timeline-1") && !failed("timeline-200"),
    },
  ];
}

const fmt = (v: number | null | undefined, digits: number) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? "—"
    : v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(head: string[], rows: string[][], leftColumns = 1): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < leftColumns ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** The compact table printed on stdout. */
export function formatReport(report: BenchReport): string {
  const s = report.settings;
  const m = report.machine;
  const db = report.database.kind === "pglite" ? "PGlite (embedded)" : "PostgreSQL server";
  const out: string[] = [];
  out.push(
    `database: ${db} — ${report.database.describe}`,
    `archive: ${fmt(report.archive.issues, 0)} issues, ${fmt(report.archive.entries, 0)} timeline entries (${fmt(s.issues, 0)} synthetic weeks, seed ${s.seed})`,
    `load: autocannon, ${s.connections} connections, ${s.runs} run${s.runs === 1 ? "" : "s"} × ${s.requests === undefined ? `${s.durationS} s` : `${s.requests} requests`} (median${s.runs === 1 ? " of one" : "s"}), ${s.requests === undefined ? `${s.warmupS} s` : `${s.connections}-request`} warm-up${s.smoke ? " — SMOKE MODE, figures are not meaningful" : ""}`,
    `machine: ${m.cpus} × ${m.cpuModel}, ${m.os}, Node ${m.node}`,
    `pinning: ${report.pinning}`,
    "",
  );
  const rows = report.scenarios.map((r) => [
    r.failed ? `${r.label} FAILED` : r.label,
    fmt(r.median.reqPerSec, 1),
    fmt(r.median.p50Ms, 2),
    fmt(r.median.p99Ms, 2),
    fmt(r.median.baselineReqPerSec, 0),
    fmt(r.median.ratioPct, 2),
    `${fmt(r.median.loadCpuPct, 0)} / ${fmt(r.median.baselineLoadCpuPct, 0)}`,
    fmt(r.median.serverCpuPct, 0),
    fmt(r.median.databaseCpuPct, 0),
    fmt(r.median.peakRssMb, 0),
    String(r.median.errors + r.median.unexpected),
    `${r.median.checked - r.median.wrong}/${r.median.checked}`,
  ]);
  out.push(
    table(
      [
        "scenario",
        "req/s",
        "p50 ms",
        "p99 ms",
        "baseline req/s",
        "ratio %",
        "load CPU % (server/baseline)",
        "server CPU %",
        "db CPU %",
        "peak RSS MB",
        "errors",
        "answers ok",
      ],
      rows,
    ),
    "CPU in % of one core, medians of the runs; answers ok: answers under load equal to the verified one.",
  );
  if (report.peers) out.push("", formatPeers(report, report.peers));
  const checks = report.targets.filter((t) => t.value !== null);
  if (checks.length) {
    out.push("", "targets (issue 7):");
    out.push(
      table(
        ["target", "measured", "verdict"],
        checks.map((t) => [
          `  ${t.target}`,
          `${fmt(t.value, 2)}${t.unit === "%" ? "%" : "×"}`,
          t.met ? "met" : "missed",
        ]),
      ),
    );
  }
  for (const f of report.failures) out.push("", `FAILED ${f.id}: ${f.error}`);
  const busy = report.scenarios.filter(
    (r) => Math.max(r.median.loadCpuPct, r.median.baselineLoadCpuPct) >= 90,
  );
  if (busy.length)
    out.push(
      "",
      `note: the load generator used ≥ 90% of a core in ${busy.map((r) => r.id).join(", ")}: there the bare ceiling is the load generator's limit, so the ratio overstates the server's share of it.`,
    );
  if (report.incomplete) out.push("", `INCOMPLETE: ${report.incomplete}`);
  return out.join("\n");
}

/** The --peers table: this server on the machine's Node and on Node 22, and PostGraphile. */
function formatPeers(report: BenchReport, peers: NonNullable<BenchReport["peers"]>): string {
  const rows: string[][] = [];
  const side = (
    label: string,
    server: string,
    node: string,
    m: Pick<
      SideMedians,
      "reqPerSec" | "p50Ms" | "p99Ms" | "serverCpuPct" | "databaseCpuPct" | "peakRssMb"
    >,
    vs: string,
    ok: string,
  ) =>
    rows.push([
      label,
      server,
      node,
      fmt(m.reqPerSec, 1),
      fmt(m.p50Ms, 2),
      fmt(m.p99Ms, 2),
      fmt(m.serverCpuPct, 0),
      fmt(m.databaseCpuPct, 0),
      fmt(m.peakRssMb, 0),
      vs,
      ok,
    ]);
  const ok = (m: { checked: number; wrong: number }) => `${m.checked - m.wrong}/${m.checked}`;
  for (const r of report.scenarios) {
    const p = r.median.peers;
    if (!p) continue;
    const label = r.failed ? `${r.label} FAILED` : r.label;
    side(
      label,
      "this project",
      report.machine.node,
      r.median,
      `${fmt(p.vsPostGraphile, 2)}×`,
      ok(r.median),
    );
    side(
      "",
      "this project",
      peers.node22,
      p.node22,
      `${fmt(p.node22VsPostGraphile, 2)}×`,
      ok(p.node22),
    );
    side(
      "",
      `PostGraphile ${peers.postgraphile}`,
      peers.node22,
      p.postgraphile,
      "1×",
      ok(p.postgraphile),
    );
  }
  const out = [
    `peers (same run; each round: this server on ${report.machine.node}, on ${peers.node22}, PostGraphile, then the baseline):`,
    rows.length
      ? table(
          [
            "scenario",
            "server",
            "Node",
            "req/s",
            "p50 ms",
            "p99 ms",
            "server CPU %",
            "db CPU %",
            "peak RSS MB",
            "vs PostGraphile",
            "answers ok",
          ],
          rows,
          3,
        )
      : "  (no scenario of this run has a PostGraphile equivalent)",
    "vs PostGraphile: median over the rounds of req/s ÷ PostGraphile's req/s in the same round.",
  ];
  for (const r of report.scenarios) {
    if (r.noPeer) out.push(`no PostGraphile cell for ${r.id}: ${r.noPeer}`);
  }
  return out.join("\n");
}

/** Side by side with an earlier result, e.g. 50,000 issues against 5,000 (target: ≤ 1.3× latency). */
export function formatComparison(report: BenchReport, file: string): string {
  const before = JSON.parse(readFileSync(file, "utf8")) as BenchReport;
  const rows: string[][] = [];
  for (const now of report.scenarios) {
    const then = before.scenarios.find((r) => r.id === now.id);
    if (!then) continue;
    rows.push([
      now.label,
      fmt(then.median.p50Ms, 2),
      fmt(now.median.p50Ms, 2),
      `${fmt(now.median.p50Ms / then.median.p50Ms, 2)}×`,
      fmt(then.median.reqPerSec, 1),
      fmt(now.median.reqPerSec, 1),
      `${fmt(now.median.reqPerSec / then.median.reqPerSec, 2)}×`,
    ]);
  }
  if (rows.length === 0) return `compare: ${file} has none of this run's scenarios`;
  return [
    `compared with ${file} (${fmt(before.archive.issues, 0)} issues, ${before.database.kind}; now ${fmt(report.archive.issues, 0)} issues, ${report.database.kind}):`,
    table(["scenario", "p50 then", "p50 now", "p50 ×", "req/s then", "req/s now", "req/s ×"], rows),
  ].join("\n");
}

/** Write the JSON to `<outDir>/<timestamp>-<db>.json`; returns the path. */
export function writeReport(report: BenchReport): string {
  mkdirSync(report.settings.outDir, { recursive: true });
  const stamp = report.startedAt.replace(/[:]/g, "-").replace(/\.\d+Z$/, "Z");
  const file = join(report.settings.outDir, `${stamp}-${report.database.kind}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
