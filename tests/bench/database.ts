// The benchmark's own database: a fresh Postgres database on DATABASE_URL's server, or PGlite in a
// temporary directory; seeded by the real `db:seed` command, removed afterwards unless --keep.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase } from "../../src/db/client.js";
import { onCleanup, track } from "./lifecycle.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface BenchDatabase {
  kind: "pglite" | "postgres";
  /** DATABASE_URL for the seeder and the server. */
  url: string;
  /** Where it is, without credentials. */
  describe: string;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function stamp(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, "").replace("T", "_").replace(/\..*$/, "");
}

/** Create the database the run will use; its removal is registered as a clean-up. */
export async function createBenchDatabase(
  serverUrl: string | undefined,
  keep: boolean,
): Promise<BenchDatabase> {
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), "bench-pglite-"));
    onCleanup("remove the PGlite directory", () => {
      if (keep) log(`kept the PGlite database: DATABASE_URL=file:${join(dir, "db")}`);
      else rmSync(dir, { recursive: true, force: true });
    });
    return { kind: "pglite", url: `file:${join(dir, "db")}`, describe: `PGlite in ${dir}` };
  }
  if (!/^postgres(ql)?:\/\//.test(serverUrl)) {
    throw new Error(
      `DATABASE_URL must be postgres://… for a server run (got ${JSON.stringify(serverUrl.split(":")[0])}…); unset it for PGlite`,
    );
  }
  const target = new URL(serverUrl);
  // A new database for this run only: never drop or reuse one the harness did not create.
  const name = `bench_${stamp()}_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch (error) {
    throw new Error(
      `cannot create database ${name} on ${target.host}: ${(error as Error).message}`,
    );
  } finally {
    await admin.end({ timeout: 5 });
  }
  onCleanup(`drop database ${name}`, async () => {
    if (keep) {
      log(`kept database ${name} on ${target.host}`);
      return;
    }
    const dropper = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    try {
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      log(`dropped database ${name}`);
    } finally {
      await dropper.end({ timeout: 5 });
    }
  });
  target.pathname = `/${name}`;
  return {
    kind: "postgres",
    url: target.toString(),
    describe: `postgres ${target.hostname}:${target.port || 5432}/${name}`,
  };
}

/** `npm run db:seed -- --synthetic N --seed S` against the database, progress on stderr. */
export async function seedDatabase(
  db: BenchDatabase,
  weeks: number,
  seed: number,
): Promise<number> {
  const started = Date.now();
  log(`seeding ${weeks} synthetic weeks (seed ${seed}) into ${db.describe}…`);
  const child = track(
    spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/seed.ts", "--synthetic", String(weeks), "--seed", String(seed)],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: "warn" },
        // Keep stdout for the table: the seeder's output goes to stderr.
        stdio: ["ignore", 2, 2],
      },
    ),
  );
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  if (code !== 0) {
    throw new Error(`seeding failed (${signal ? `killed by ${signal}` : `exit code ${code}`})`);
  }
  const seconds = (Date.now() - started) / 1000;
  log(`seeded in ${seconds.toFixed(1)} s`);
  return seconds;
}

/**
 * VACUUM (ANALYZE) after the bulk load: a live database has statistics (autovacuum sees to it,
 * in its own time), a freshly seeded one has none, and the planner then picks plans it never
 * would in service (bitmap scans and sorts of every issue instead of a backward index scan).
 */
export async function analyzeDatabase(db: BenchDatabase): Promise<number> {
  const started = Date.now();
  const database = await openDatabase({ url: db.url });
  try {
    await database.db.execute(sql`vacuum (analyze)`);
  } finally {
    await database.close();
  }
  const seconds = (Date.now() - started) / 1000;
  log(`vacuum (analyze) in ${seconds.toFixed(1)} s`);
  return seconds;
}
