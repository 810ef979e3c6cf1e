import { spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedReference } from "../../seeds/load.js";
import { EXCLUDED_TABLES } from "../../src/archive/tables.js";
import { openDatabase, rowsOf } from "../../src/db/client.js";
import { databaseDigest } from "../helpers/digest.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Run `npm run -s <script> -- args` with DATABASE_URL; stdout to a file when given. */
async function npmRun(
  script: string,
  args: string[],
  databaseUrl: string,
  stdoutFile?: string,
  appSecret?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const fd = stdoutFile ? openSync(stdoutFile, "w") : null;
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl };
  delete env.DATABASE_READ_URL;
  delete env.APP_SECRET;
  if (appSecret) env.APP_SECRET = appSecret;
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

async function rowCount(dir: string, table: string): Promise<number> {
  const database = await openDatabase({ url: `file:${dir}` });
  try {
    const result = await database.db.execute(
      sql`select count(*)::int as n from ${sql.identifier(table)}`,
    );
    return rowsOf<{ n: number }>(result)[0]?.n ?? -1;
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
    expect(exported.stderr).toMatch(new RegExp(`exported ${total} rows of 25 tables`));
    // Nothing but the archive on stdout: no npm banner, no progress.
    expect(
      text.startsWith(
        '{\n  "format": "newsletter-content-api/archive",\n  "version": 2,\n  "exportedAt": "',
      ),
    ).toBe(true);
    expect(tables.content).toHaveLength(5);

    const target = `file:${join(work, "target")}`;
    const imported = await npmRun("archive:import", [file], target);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/^ {2}content +5 rows$/m);
    expect(imported.stderr).toMatch(new RegExp(`^imported ${total} rows of 25 tables in `, "m"));
    expect(imported.stderr).toMatch(/^ {2}people 6, tags 4, content 5, /m);
    expect(imported.stdout).toBe("");
    expect(await digestOf(join(work, "target"))).toEqual(await digestOf(join(work, "source")));

    // A second import into the now full database is refused with one line, exit 1.
    const again = await npmRun("archive:import", [file], target);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: the target database is not empty \(rows in people, /m);
    expect(again.stderr).not.toMatch(/\n\s+at /);
  });

  // Six commands in a row, each starting Node and the embedded database: minutes on a loaded machine.
  it("a move without the source's secret refuses the votes, unless told; with it, they go in", {
    timeout: 240_000,
  }, async () => {
    const voted = join(work, "voted");
    const database = await openDatabase({ url: `file:${voted}` });
    await database.migrate();
    await seedReference(database.db);
    await database.db.execute(
      sql`insert into poll_votes (poll_id, option_id, voter_hash)
          select poll_id, id, 'a-voter' from poll_options order by poll_id, id limit 1`,
    );
    // As castVote does: the count moves with the row (an import refuses a count below its rows).
    await database.db.execute(
      sql`update poll_options set vote_count = vote_count + 1
          where id = (select option_id from poll_votes where voter_hash = 'a-voter')`,
    );
    await database.close();

    // Neither side has APP_SECRET: each generates its own, as the README's quick start does.
    const file = join(work, "voted.json");
    const exported = await npmRun("archive:export", [], `file:${voted}`, file);
    expect(exported.code, exported.stderr).toBe(0);
    const refused = await npmRun("archive:import", [file], `file:${join(work, "moved-1")}`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^error: the archive holds votes, and its votes were hashed with another key \(the source used a secret generated in its database, this server a secret generated in its database\), so every voter could vote again\. /m,
    );
    expect(await rowCount(join(work, "moved-1"), "content")).toBe(0);
    const forced = await npmRun(
      "archive:import",
      ["--accept-voter-key-change", file],
      `file:${join(work, "moved-1")}`,
    );
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(/^warning: imported anyway \(--accept-voter-key-change\): /m);

    // The same APP_SECRET on both sides: the votes go in without a word.
    const secret = "a-shared-app-secret-of-at-least-32-chars";
    const withSecret = await npmRun("archive:export", [], `file:${voted}`, file, secret);
    expect(withSecret.code, withSecret.stderr).toBe(0);
    const moved = await npmRun(
      "archive:import",
      [file],
      `file:${join(work, "moved-2")}`,
      undefined,
      secret,
    );
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stderr).not.toMatch(/warning/);
    expect(moved.stderr).toMatch(/ poll_votes 1,/);
  });
});
