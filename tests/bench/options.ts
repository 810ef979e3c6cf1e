// Command line of `npm run bench`: flags → validated settings, with the defaults documented in README.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { SCENARIO_IDS, type ScenarioId } from "./scenarios.js";

/** Everything a bench run depends on; written verbatim into the JSON result. */
export interface BenchSettings {
  /** Synthetic weeks seeded (one issue each, plus announcements, events, polls). Default 5,000. */
  issues: number;
  /** Seed of the synthetic generator (default 42): the same seed gives the same archive. */
  seed: number;
  /** Measured runs per scenario (default 3; smoke 1). The table shows their medians. */
  runs: number;
  /** Seconds per measured run (default 10; smoke 1). */
  durationS: number;
  /**
   * Requests per measured run instead of a duration (smoke: 3 per connection): a run on a
   * loaded machine then takes longer rather than ending with no answer. Warm-up: 1 per connection.
   */
  requests: number | undefined;
  /** Seconds of the uncounted warm-up run before the measured ones (default 5; smoke 0.25). */
  warmupS: number;
  /** Concurrent keep-alive connections, no pipelining (default 16). */
  connections: number;
  /** Scenarios to run, in this order (default: all). */
  scenarios: ScenarioId[];
  smoke: boolean;
  /** Keep the benchmark database (Postgres) or data directory (PGlite) afterwards. */
  keep: boolean;
  /** Folder for the JSON results (default bench-results/, git-ignored). */
  outDir: string;
  /** A previous result to compare latencies and req/s with (e.g. 50,000 vs 5,000 issues). */
  compare: string | undefined;
  /** auto: the load generator on its own CPU, servers on the others (Linux, taskset, ≥ 2 CPUs). */
  pin: "auto" | "off";
  /**
   * PostGraphile v5 and this server on Node 22 in every round of the scenarios PostGraphile
   * answers too (tests/bench/peers/); PostgreSQL only.
   */
  peers: boolean;
}

export class UsageError extends Error {}

export const USAGE = `npm run bench -- [options]

  --issues N        synthetic weeks to seed (default 5000)
  --seed N          synthetic generator seed (default 42)
  --runs N          measured runs per scenario; the table shows medians (default 3)
  --duration S      seconds per measured run (default 10)
  --warmup S        seconds of uncounted warm-up per scenario (default 5)
  --connections N   concurrent connections (default 16)
  --scenarios a,b   subset, in order: ${SCENARIO_IDS.join(", ")}
  --requests N      a fixed number of requests per run instead of --duration
  --smoke           tiny and fast: 30 weeks, 1 run of 3 requests per connection after 1 each
                    of warm-up (the test suite runs this; figures are not meaningful)
  --keep            keep the benchmark database / PGlite directory
  --out DIR         where the JSON goes (default bench-results/)
  --compare FILE    compare with an earlier result (e.g. --issues 50000 against a 5,000 run)
  --pin auto|off    auto (default): autocannon on the last CPU, the servers on the others
  --peers           also PostGraphile v5 and this server on Node 22, in the same rounds, where
                    PostGraphile has an equivalent query (installed on demand into
                    tests/bench/peers/postgraphile/; needs DATABASE_URL=postgres://…)

Database: DATABASE_URL=postgres://… creates a fresh database bench_<timestamp> on that server
and drops it afterwards; without it, PGlite in a temporary directory.`;

function number(
  name: string,
  raw: string | undefined,
  fallback: number,
  check: (n: number) => boolean,
  what: string,
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || !check(n)) {
    throw new UsageError(`--${name} must be ${what}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

const wholeAtLeast = (min: number) => (n: number) => Number.isInteger(n) && n >= min;

function requestsPerRun(raw: string | undefined, smoke: boolean, connections: number) {
  if (raw === undefined) return smoke ? connections * 3 : undefined;
  return number(
    "requests",
    raw,
    0,
    wholeAtLeast(connections),
    `a whole number ≥ --connections (${connections})`,
  );
}

function pinMode(raw: string | undefined): "auto" | "off" {
  if (raw === undefined || raw === "auto") return "auto";
  if (raw === "off") return "off";
  throw new UsageError(`--pin must be auto or off, got ${JSON.stringify(raw)}`);
}

/** Parse `process.argv`-style flags; throws UsageError with a one-line reason. */
export function parseOptions(argv: string[]): BenchSettings | "help" {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return "help";
  const smoke = values.smoke ?? false;
  const scenarios = values.scenarios
    ? values.scenarios
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [...SCENARIO_IDS];
  for (const s of scenarios) {
    if (!(SCENARIO_IDS as readonly string[]).includes(s)) {
      throw new UsageError(
        `unknown scenario ${JSON.stringify(s)}; known: ${SCENARIO_IDS.join(", ")}`,
      );
    }
  }
  if (scenarios.length === 0) throw new UsageError("--scenarios names no scenario");
  const connections = number(
    "connections",
    values.connections,
    16,
    wholeAtLeast(1),
    "a whole number ≥ 1",
  );
  return {
    issues: number(
      "issues",
      values.issues,
      smoke ? 30 : 5000,
      wholeAtLeast(1),
      "a whole number ≥ 1",
    ),
    seed: number("seed", values.seed, 42, wholeAtLeast(0), "a whole number ≥ 0"),
    runs: number("runs", values.runs, smoke ? 1 : 3, wholeAtLeast(1), "a whole number ≥ 1"),
    durationS: number("duration", values.duration, smoke ? 1 : 10, (n) => n > 0, "seconds > 0"),
    requests: requestsPerRun(values.requests, smoke, connections),
    warmupS: number("warmup", values.warmup, smoke ? 0.25 : 5, (n) => n >= 0, "seconds ≥ 0"),
    connections,
    scenarios: [...new Set(scenarios)] as ScenarioId[],
    smoke,
    keep: values.keep ?? false,
    outDir: resolve(values.out ?? "bench-results"),
    compare: values.compare === undefined ? undefined : resolve(values.compare),
    pin: pinMode(values.pin),
    peers: values.peers ?? false,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      issues: { type: "string" },
      seed: { type: "string" },
      runs: { type: "string" },
      duration: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string" },
      requests: { type: "string" },
      scenarios: { type: "string" },
      smoke: { type: "boolean" },
      keep: { type: "boolean" },
      out: { type: "string" },
      compare: { type: "string" },
      pin: { type: "string" },
      peers: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
}
