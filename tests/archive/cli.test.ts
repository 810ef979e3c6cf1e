import { spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedReference } from "../../seeds/load.js";
import { EXCLUDED_TABLES } from "../../src/archive/tables.js";
import { openDatabase } from "../../src/db/client.js";
import { databaseDigest } from "../helpers/digest.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Run `npm run -s <script> -- args` with DATABASE_URL; stdout to a file when given. */
async function npmRun(
  script: string,
  args: string[],
  databaseUrl: string,
  stdoutFile?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const fd = stdoutFile ? openSync(stdoutFile, "w") : null;
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl };
  delete env.DATABASE_READ_URL;
  try {
    const child = spawn("npm", ["run", "-s", script, "--", ...args], {
      cwd: ROOT,
      env,
      stdio: ["ignore", fd ?? "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = (await once(child, "exit")) as [number | null];
    return { code, stdout, stderr };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

async function digestOf(dir: string) {
  const database = await openDatabase({ url: `file:${dir}` });
  try {
    const digest = await databaseDigest(database.db);
    for (const table of Object.keys(EXCLUDED_TABLES)) delete digest[table];
    return digest;
  } finally {
    await database.close();
  }
}

describe("archive:export and archive:import from the command line", () => {
  let work: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "nca-archive-cli-"));
    const database = await openDatabase({ url: `file:${join(work, "source")}` });
    await database.migrate();
    await seedReference(database.db);
    await database.close();
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it("exports to stdout, imports into an empty database, and the data is the same", async () => {
    const file = join(work, "archive.json");
    const exported = await npmRun("archive:export", [], `file:${join(work, "source")}`, file);
    expect(exported.code, exported.stderr).toBe(0);
    const text = readFileSync(file, "utf8");
    const tables = JSON.parse(text).tables as Record<string, unknown[]>;
    const total = Object.values(tables).reduce((n, rows) => n + rows.length, 0);
    expect(exported.stderr).toMatch(new RegExp(`exported ${total} rows of 24 tables`));
    // Nothing but the archive on stdout: no npm banner, no progress.
    expect(
      text.startsWith(
        '{\n  "format": "newsletter-content-api/archive",\n  "version": 1,\n  "exportedAt": "',
      ),
    ).toBe(true);
    expect(tables.content).toHaveLength(5);

    const target = `file:${join(work, "target")}`;
    const imported = await npmRun("archive:import", [file], target);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/^ {2}content +5 rows$/m);
    expect(imported.stderr).toMatch(new RegExp(`^imported ${total} rows of 24 tables in `, "m"));
    expect(imported.stderr).toMatch(/^ {2}people 6, tags 4, content 5, /m);
    expect(imported.stdout).toBe("");
    expect(await digestOf(join(work, "target"))).toEqual(await digestOf(join(work, "source")));

    // A second import into the now full database is refused with one line, exit 1.
    const again = await npmRun("archive:import", [file], target);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: the target database is not empty \(rows in people, /m);
    expect(again.stderr).not.toMatch(/\n\s+at /);
  });
});
