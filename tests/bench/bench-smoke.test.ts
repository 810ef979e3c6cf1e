// `npm run bench -- --smoke` end to end, so the harness never rots: a tiny archive, one short run
// per scenario, the JSON written, every answer the expected one, and nothing left behind.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { serverUrl } from "../helpers/backends.js";
import { runScript } from "../helpers/run-script.js";
import { missing, skipUnless } from "../helpers/skip.js";
import type { BenchReport } from "./report.js";
import { SCENARIO_IDS } from "./scenarios.js";

const outDirs: string[] = [];

afterAll(() => {
  for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
});

async function bench(
  args: string[],
  databaseUrl: string | undefined,
): Promise<{ code: number | null; stdout: string; stderr: string; report: BenchReport }> {
  const out = mkdtempSync(join(tmpdir(), "bench-smoke-"));
  outDirs.push(out);
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const { code, stdout, stderr } = await runScript(
    "tests/bench/run.ts",
    ["--smoke", "--out", out, ...args],
    env,
  );
  const files = readdirSync(out).filter((f) => f.endsWith(".json"));
  expect(files, `one JSON result in ${out}; stderr:\n${stderr}`).toHaveLength(1);
  const report = JSON.parse(readFileSync(join(out, files[0] ?? ""), "utf8")) as BenchReport;
  return { code, stdout, stderr, report };
}

function expectSound(report: BenchReport, ids: readonly string[]): void {
  expect(report.incomplete).toBeUndefined();
  expect(report.failures).toEqual([]);
  expect(report.scenarios.map((s) => s.id)).toEqual(ids);
  expect(report.settings.smoke).toBe(true);
  expect(report.settings.requests).toBe(48); // 3 per connection
  expect(report.archive.issues).toBeGreaterThan(report.settings.issues);
  for (const s of report.scenarios) {
    const where = `${s.id}: ${JSON.stringify(s.median)}`;
    expect(s.expectedStatus, s.id).toBe(s.id === "feed-304" ? 304 : 200);
    expect(s.answer.status, s.id).toBe(s.expectedStatus);
    expect(s.runs, where).toHaveLength(1);
    expect(s.median.reqPerSec, where).toBeGreaterThan(0);
    expect(s.median.baselineReqPerSec, where).toBeGreaterThan(0);
    expect(Number.isFinite(s.median.ratioPct) && s.median.ratioPct > 0, where).toBe(true);
    expect(s.median.p50Ms, where).toBeGreaterThan(0);
    expect(s.median.errors, where).toBe(0);
    expect(s.median.unexpected, where).toBe(0);
    expect(s.failed, where).toBeUndefined();
    // Every request of the run was answered, and answers were compared under load (the
    // first, then one every 100 ms): all right. A loaded machine makes this slower, not empty.
    expect(s.runs[0]?.real.responses, where).toBe(report.settings.requests);
    expect(s.runs[0]?.baseline.responses, where).toBe(report.settings.requests);
    expect(s.median.checked, where).toBeGreaterThanOrEqual(1);
    expect(s.median.wrong, where).toBe(0);
    expect(s.median.loadCpuPct, where).toBeGreaterThan(0);
    for (const run of s.runs) {
      expect(Object.keys(run.real.statuses), where).toEqual([String(s.expectedStatus)]);
      expect(Object.keys(run.baseline.statuses), where).toEqual([String(s.expectedStatus)]);
    }
  }
  expect(report.targets.length).toBeGreaterThan(0);
  expect(report.pinning).toMatch(
    /^(load generator on CPU \d+, servers on CPU [\d-]+ \(taskset\)|not pinned: .+)$/,
  );
}

describe("npm run bench -- --smoke", () => {
  it("on PGlite: every scenario measured against its baseline, JSON written, temp files removed", async () => {
    const { code, stdout, stderr, report } = await bench([], undefined);
    expect(code, stderr).toBe(0);
    expect(report.database.kind).toBe("pglite");
    expectSound(report, SCENARIO_IDS);
    expect(stdout).toContain("baseline req/s");
    expect(stdout).toContain("front page (cache off)");
    expect(stdout).toContain("/feeds/all.atom built per request (200)");
    expect(stdout).toContain("/feeds/all.atom from the feed cache (200)");
    expect(stdout).toContain("load CPU % (server/baseline)");
    const dir = /PGlite in (\S+)/.exec(report.database.describe)?.[1];
    expect(dir).toBeDefined();
    expect(existsSync(dir ?? "")).toBe(false);
  }, 240_000);

  it("on PostgreSQL (TEST_DATABASE_URL): a fresh database, dropped afterwards", {
    ...skipUnless(missing.postgres()),
    timeout: 180_000,
  }, async () => {
    const url = serverUrl() ?? "";
    const ids = ["timeline-1"] as const;
    const { code, stderr, report } = await bench(["--scenarios", ids.join(",")], url);
    expect(code, stderr).toBe(0);
    expect(report.database.kind).toBe("postgres");
    expectSound(report, ids);
    const name = /\/(bench_\w+)$/.exec(report.database.describe)?.[1];
    expect(name).toBeDefined();
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const rows = await admin`select 1 from pg_database where datname = ${name ?? ""}`;
      expect(rows).toHaveLength(0);
    } finally {
      await admin.end();
    }
  });
});
