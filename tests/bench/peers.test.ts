// `npm run bench -- --smoke --peers` end to end: PostGraphile v5 and this server on Node 22
// (installed on demand into tests/bench/peers/postgraphile/) in the same rounds as the server
// and its baseline, their answers checked against ours, the ratios reported, nothing left behind.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { serverUrl } from "../helpers/backends.js";
import { runScript } from "../helpers/run-script.js";
import { missing, skipUnless } from "../helpers/skip.js";
import { PEER_DIR, peerInstalled } from "./peers/postgraphile.js";
import type { BenchReport } from "./report.js";

const outDirs: string[] = [];
afterAll(() => {
  for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
});

/** Why PostGraphile and Node 22 cannot be had here (null: installed, or npm can install them). */
function cannotInstallPeer(): string | null {
  if (peerInstalled()) return null;
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const ping = spawnSync(npm, ["ping"], { cwd: PEER_DIR, encoding: "utf8", timeout: 20_000 });
  if (ping.status === 0) return null;
  const why = (ping.error?.message ?? ping.stderr ?? "").trim().split("\n").pop();
  return `PostGraphile and Node 22 are not installed in ${PEER_DIR} and npm cannot reach its registry to install them (npm ping: ${why || `exit ${ping.status}`})`;
}

function run(args: string[], databaseUrl: string | undefined) {
  const out = mkdtempSync(join(tmpdir(), "bench-peers-"));
  outDirs.push(out);
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  return { out, result: runScript("tests/bench/run.ts", ["--smoke", "--out", out, ...args], env) };
}

describe("npm run bench -- --peers", () => {
  it("on PGlite: says it needs DATABASE_URL=postgres://… and exits 2 before doing anything", async () => {
    const { out, result } = run(["--peers"], undefined);
    const { code, stderr } = await result;
    expect(code, stderr).toBe(2);
    expect(stderr).toContain("--peers needs DATABASE_URL=postgres://");
    expect(readdirSync(out)).toEqual([]);
  });

  it("--smoke --peers on PostgreSQL (TEST_DATABASE_URL): PostGraphile and Node 22 in every round, same rows, ratios reported", {
    ...skipUnless(missing.postgres(), missing.postgres() ? null : cannotInstallPeer()),
    timeout: 600_000,
  }, async () => {
    const url = serverUrl() ?? "";
    const ids = ["front-page", "issue", "timeline-1", "search"];
    const { out, result } = run(["--peers", "--scenarios", ids.join(",")], url);
    const { code, stdout, stderr } = await result;
    expect(code, stderr).toBe(0);
    const files = readdirSync(out).filter((f) => f.endsWith(".json"));
    expect(files, stderr).toHaveLength(1);
    const report = JSON.parse(readFileSync(join(out, files[0] ?? ""), "utf8")) as BenchReport;

    expect(report.failures).toEqual([]);
    expect(report.incomplete).toBeUndefined();
    expect(report.database.kind).toBe("postgres");
    expect(report.settings.peers).toBe(true);
    expect(report.peers?.node22).toMatch(/^v22\./);
    expect(report.peers?.postgraphile).toMatch(/^5\./);
    expect(report.scenarios.map((s) => s.id)).toEqual(ids);
    for (const s of report.scenarios.filter((x) => x.id !== "search")) {
      const where = `${s.id}: ${JSON.stringify(s.median.peers)}`;
      const p = s.median.peers;
      expect(p, where).toBeDefined();
      expect(s.noPeer, where).toBeUndefined();
      expect(s.peer?.answer.status, where).toBe(200);
      expect(s.peer?.request.body, where).toContain("allContents");
      for (const side of [p?.node22, p?.postgraphile]) {
        expect(side?.reqPerSec, where).toBeGreaterThan(0);
        expect(side?.p50Ms, where).toBeGreaterThan(0);
        expect(side?.errors, where).toBe(0);
        expect(side?.unexpected, where).toBe(0);
        expect(side?.checked, where).toBeGreaterThanOrEqual(1);
        expect(side?.wrong, where).toBe(0);
      }
      expect(Number.isFinite(p?.vsPostGraphile) && (p?.vsPostGraphile ?? 0) > 0, where).toBe(true);
      expect(Number.isFinite(p?.node22VsPostGraphile), where).toBe(true);
      for (const round of s.runs) {
        expect(round.node22?.responses, where).toBe(report.settings.requests);
        expect(round.peer?.responses, where).toBe(report.settings.requests);
      }
    }
    const search = report.scenarios.find((s) => s.id === "search");
    expect(search?.median.peers).toBeUndefined();
    expect(search?.noPeer).toContain("full-text search");
    expect(stdout).toContain("vs PostGraphile");
    expect(stdout).toMatch(/PostGraphile 5\.\d+\.\d+\s+v22\./);
    expect(stderr).toContain("PostGraphile's answer has the same rows");

    const name = /\/(bench_\w+)$/.exec(report.database.describe)?.[1];
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const rows = await admin`select 1 from pg_database where datname = ${name ?? ""}`;
      expect(rows).toHaveLength(0);
    } finally {
      await admin.end();
    }
  });
});
