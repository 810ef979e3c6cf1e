import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ImportReport } from "../../src/import/report.js";
import { startRecorder } from "../helpers/http-recorder.js";
import { runScript } from "../helpers/run-script.js";
import { FIXTURES, MAP, variant } from "./helpers.js";

/** The commands as users run them, on an embedded database in a folder of their own. */
describe("import commands", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "nca-import-cli-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `file:${dataDir}`,
    LOG_LEVEL: "silent",
    REDIS_URL: "",
  };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("import:wordpress --json prints the report; a second run is a no-op", async () => {
    const args = ["--map", MAP, "--json", join(FIXTURES, "wordpress.xml")];
    const first = await runScript("src/cli/import-wordpress.ts", args, env);
    expect(first.stderr).not.toContain("error:");
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as ImportReport;
    expect(report.created).toEqual({
      announcement: { published: 3, draft: 2, scheduled: 1 },
      issue: { published: 1 },
      event: { published: 1 },
    });
    const second = await runScript("src/cli/import-wordpress.ts", args, env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ created: {}, updated: {}, unchanged: 8 });
  });

  it("purges the HTTP cache in front once for the whole import, and not at all for a no-op", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nca-import-cdn-"));
    const cdn = await startRecorder();
    const withCdn = {
      ...env,
      DATABASE_URL: `file:${dir}`,
      CDN_PURGE_FORMAT: "varnish",
      CDN_PURGE_URL: cdn.url,
    };
    const args = ["--map", MAP, join(FIXTURES, "wordpress.xml")];
    expect((await runScript("src/cli/import-wordpress.ts", args, withCdn)).code).toBe(0);
    expect(cdn.requests).toHaveLength(1);
    const keys = String(cdn.requests[0]?.headers["xkey-purge"]).split(" ");
    expect(keys).toEqual(
      expect.arrayContaining(["list:announcement", "list:issue", "list:event", "shared"]),
    );
    expect((await runScript("src/cli/import-wordpress.ts", args, withCdn)).code).toBe(0);
    expect(cdn.requests).toHaveLength(1);
    await cdn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("malformed XML: exit 1, one line with line and column", async () => {
    const broken = variant("wordpress.xml", [["<wp:post_id>104</wp:post_id>", "<wp:post_id>104"]]);
    const run = await runScript("src/cli/import-wordpress.ts", [broken], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: \S+wordpress\.xml:\d+:\d+: .+$/m);
  });

  it("a bad mapping is refused before anything is opened (exit 2)", async () => {
    const run = await runScript(
      "src/cli/import-feed.ts",
      ["--type", "newsletter=poll", join(FIXTURES, "feed.rss")],
      env,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'error: --type newsletter=poll: expected category=type (must be "announcement", "issue" or "event" (a poll cannot be made from a post))',
    );
  });
});
