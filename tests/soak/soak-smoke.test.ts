// `npm run soak -- --smoke` end to end, so the soak harness never rots: the real server under the
// mixed load for a few seconds, no error, every vote counted, a clean exit, the JSON written.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runScript } from "../helpers/run-script.js";
import { skipUnless } from "../helpers/skip.js";
import { varnishMissing } from "../helpers/varnish.js";

const out = mkdtempSync(join(tmpdir(), "soak-smoke-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface SoakReport {
  totalRequests: number;
  totalErrors: number;
  kinds: { name: string; requests: number; errors: number; p99Ms: number }[];
  votes: { accepted: number; counted: number | null };
  server: { exitCode: number | null; errorLines: number };
  memory: { samples: number };
  edge?: Record<string, { hits: number; answers: number }>;
}

describe("soak harness (smoke)", () => {
  it("drives every kind of request against the real server with no error and exact votes", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DATABASE_URL;
    const { code, stdout, stderr } = await runScript(
      "tests/soak/run.ts",
      ["--smoke", "--out", out],
      env,
    );
    expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
    const files = readdirSync(out).filter((f) => f.startsWith("soak-") && f.endsWith(".json"));
    expect(files).toHaveLength(1);
    const report = JSON.parse(readFileSync(join(out, files[0] ?? ""), "utf8")) as SoakReport;
    expect(report.totalErrors).toBe(0);
    expect(report.kinds.map((k) => k.name)).toHaveLength(8);
    for (const k of report.kinds) expect(k.requests, k.name).toBeGreaterThan(0);
    expect(report.votes.accepted).toBeGreaterThan(0);
    expect(report.votes.counted).toBe(report.votes.accepted);
    expect(report.server).toEqual({ exitCode: 0, errorLines: 0 });
    expect(report.memory.samples).toBeGreaterThanOrEqual(3);
    expect(stdout).toMatch(/^all\s+\d+\s+0\s/m);
  }, 240_000);
});

describe("soak harness with Varnish in front (smoke)", skipUnless(varnishMissing()), () => {
  it("reads go through the edge as GETs, hits are counted per kind, writes purge it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "soak-edge-"));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DATABASE_URL;
    const { code, stdout, stderr } = await runScript(
      "tests/soak/run.ts",
      ["--smoke", "--edge", "--out", dir],
      env,
    );
    expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
    const [file] = readdirSync(dir).filter((f) => f.endsWith(".json"));
    const report = JSON.parse(readFileSync(join(dir, file ?? ""), "utf8")) as SoakReport;
    rmSync(dir, { recursive: true, force: true });
    expect(report.totalErrors).toBe(0);
    expect(report.votes.counted).toBe(report.votes.accepted);
    const edge = report.edge ?? {};
    // Writes never come from the cache; repeated reads do.
    expect(edge.votes?.hits).toBe(0);
    expect(edge["front page"]?.hits).toBeGreaterThan(0);
    expect(stdout).toMatch(/^edge \(Varnish\) hits: \d+ of \d+ /m);
  }, 240_000);
});
