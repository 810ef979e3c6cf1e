// Drive one endpoint with autocannon at fixed concurrency and collect the figures of the run.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { cpuSecondsOf, postgresCpuSeconds } from "./cpu.js";
import type { Answer, BenchRequest } from "./http.js";
import { AnswerSampler, type SampleFigures } from "./sampling.js";

/** The figures of one run (real server or baseline). Latencies in ms, RSS in MB. */
export interface RunFigures {
  /** Responses ÷ the run's wall time (autocannon's mean of whole seconds misses short runs). */
  reqPerSec: number;
  /** Responses received in the run. */
  responses: number;
  durationS: number;
  /**
   * Latency percentiles computed from every response's own timing (sub-millisecond);
   * autocannon's histogram has 1 ms resolution, kept below for reference.
   */
  latencyMs: { p50: number; p90: number; p99: number; mean: number; max: number };
  autocannonLatencyMs: { p50: number; p99: number; mean: number; max: number };
  statuses: Record<string, number>;
  /** Responses whose status is not the scenario's expected one (200, or 304 for feed-304). */
  unexpected: number;
  /** Socket errors and timeouts. */
  errors: number;
  timeouts: number;
  bytesPerSec: number;
  /** Smallest and largest response (headers and body): a difference flags varying answers. */
  responseBytes: { min: number; max: number };
  /** Highest VmRSS of the watched process sampled during the run (null: no /proc). */
  peakRssMb: number | null;
  /** VmHWM of the watched process at the end of the run: its peak RSS since it started. */
  hwmRssMb: number | null;
  /**
   * CPU the load generator (autocannon, in this process) used during the run, in % of one core.
   * Near 100% it, not the server, may set the pace.
   */
  loadCpuPct: number;
  /** CPU the watched process used during the run, in % of one core (null: no /proc). */
  serverCpuPct: number | null;
  /** CPU of all PostgreSQL processes during the run, in % of one core (null: not watched). */
  databaseCpuPct: number | null;
  /** Answers compared byte for byte with the verified one during the run. */
  samples: SampleFigures;
}

export interface FireOptions {
  durationS: number;
  /** Send this many requests and stop, whatever the duration (the smoke run). */
  amount?: number;
  connections: number;
  expectedStatus: number;
  /** The verified answer: a response every `sampleEveryMs` must be exactly this. */
  expected: Answer;
  sampleEveryMs: number;
  /** Process whose memory and CPU are sampled (the server under test). */
  watchPid?: number;
  /** Also measure the CPU of the PostgreSQL server's processes (the database under test). */
  watchPostgres?: boolean;
}

let current: autocannon.Instance | undefined;

/** Set when a client had no body queue to replace (another autocannon version): figures are biased. */
export let bodiesKept = false;

/** Stop the run in progress, if any (Ctrl-C). */
export function stopLoad(): void {
  current?.stop();
}

/** RSS figures of a Linux process from /proc/<pid>/status, in MB; null elsewhere or once it is gone. */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
    const rss = kb("VmRSS");
    const hwm = kb("VmHWM");
    if (!Number.isFinite(rss) || !Number.isFinite(hwm)) return null;
    return { rssMb: rss / 1024, hwmMb: hwm / 1024 };
  } catch {
    return null;
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? 0;
}

/** One autocannon run against `base` with the scenario's request. */
export async function fire(
  base: string,
  req: BenchRequest,
  options: FireOptions,
): Promise<RunFigures> {
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let minBytes = Number.POSITIVE_INFINITY;
  let maxBytes = 0;
  let peakRss: number | null = null;
  const sample = () => {
    if (options.watchPid === undefined) return;
    const m = memoryOf(options.watchPid);
    if (m) peakRss = Math.max(peakRss ?? 0, m.rssMb);
  };
  sample();
  const sampler = setInterval(sample, 100);
  const answers = new AnswerSampler(options.expected, options.sampleEveryMs);
  const cpuBefore = process.cpuUsage();
  const watchedBefore = options.watchPid === undefined ? null : cpuSecondsOf(options.watchPid);
  const postgresBefore = options.watchPostgres ? postgresCpuSeconds() : null;
  const startedAt = performance.now();

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: new URL(req.path, base).toString(),
        method: req.method,
        headers: req.headers,
        ...(req.body === undefined ? {} : { body: req.body }),
        connections: options.connections,
        pipelining: 1,
        duration: options.durationS,
        ...(options.amount === undefined ? {} : { amount: options.amount }),
        timeout: 30,
        setupClient: answers.setupClient,
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    current = instance;
    instance.on("response", (_client, _status, resBytes, responseTime) => {
      if (count === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[count++] = responseTime;
      if (resBytes < minBytes) minBytes = resBytes;
      if (resBytes > maxBytes) maxBytes = resBytes;
    });
  }).finally(() => {
    clearInterval(sampler);
    current = undefined;
  });
  sample();
  const wallS = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const watchedAfter = options.watchPid === undefined ? null : cpuSecondsOf(options.watchPid);
  const postgresAfter = options.watchPostgres ? postgresCpuSeconds() : null;
  const pct = (before: number | null, after: number | null) =>
    before === null || after === null ? null : ((after - before) / wallS) * 100;
  if (answers.bodiesKept) bodiesKept = true;

  const sorted = latencies.slice(0, count).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
    statuses[code] = stat.count ?? 0;
  }
  const expected = statuses[String(options.expectedStatus)] ?? 0;
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  const hwm = options.watchPid === undefined ? null : (memoryOf(options.watchPid)?.hwmMb ?? null);
  return {
    reqPerSec: count / wallS,
    responses: count,
    durationS: wallS,
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      mean: count ? sum / count : 0,
      max: sorted[sorted.length - 1] ?? 0,
    },
    autocannonLatencyMs: {
      p50: result.latency.p50,
      p99: result.latency.p99,
      mean: result.latency.mean,
      max: result.latency.max,
    },
    statuses,
    unexpected: answered - expected,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerSec: result.throughput.average,
    responseBytes: { min: count ? minBytes : 0, max: maxBytes },
    peakRssMb: peakRss,
    hwmRssMb: hwm,
    loadCpuPct: ((cpu.user + cpu.system) / 1e6 / wallS) * 100,
    serverCpuPct: pct(watchedBefore, watchedAfter),
    databaseCpuPct: pct(postgresBefore, postgresAfter),
    samples: { ...answers.figures },
  };
}

/**
 * Wait until the processes are idle (under 10% of a CPU over 200 ms), at most `maxMs`: a run must
 * not overlap the tail of the previous one (requests still in flight, garbage collection).
 */
export async function waitQuiet(pids: number[], maxMs = 10_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let before = pids.map(cpuSecondsOf);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    const after = pids.map(cpuSecondsOf);
    const busy = after.some(
      (a, i) => a !== null && (before[i] ?? null) !== null && a - (before[i] ?? 0) > 0.02,
    );
    if (!busy) return;
    before = after;
  }
}
