import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { DEFAULTS } from "../config.js";
import { projectPath } from "../paths.js";
import { PG, pgErrorOf } from "./errors.js";
import { claimEmbedded, type Ownership } from "./owner.js";

/** One handle type for both drivers; a transaction handle is also a `Db`. */
export type Db = PgDatabase<PgQueryResultHKT>;

export const MIGRATIONS_FOLDER = projectPath("schema", "migrations");

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Human-readable target, without credentials. */
  describe: string;
  /** Apply pending migrations; safe to call from several instances at once. */
  migrate(): Promise<void>;
  /** Throws when the database is unreachable or migrations are missing. */
  checkReady(): Promise<void>;
  close(): Promise<void>;
  /** An embedded database in a folder: this process's hold on it (released by close). */
  ownership?: Ownership;
}

export interface OpenOptions {
  /** postgres://…, memory://, file:<dir>; undefined means PGlite in `<dataDir>/pglite`. */
  url: string | undefined;
  /** Default ./.data */
  dataDir?: string;
  /** Connections in the postgres.js pool (default 10). */
  poolSize?: number;
  /** Server-side cap on any one statement (postgres only; default 10 s). */
  statementTimeoutMs?: number;
  /** Called for every SQL statement Drizzle sends: query counting in tests, debug logs. */
  onQuery?: (query: string, params: unknown[]) => void;
  /** Who opens it, named to a second opener of the same embedded folder ("the server"). */
  owner?: string;
}

// Arbitrary constant shared by every instance: serialises concurrent migrations.
const MIGRATION_LOCK_KEY = 727_274_001;

function journalLength(): number {
  const journal = JSON.parse(
    readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8"),
  ) as { entries: unknown[] };
  return journal.entries.length;
}

async function assertMigrated(db: Db): Promise<void> {
  const expected = journalLength();
  let applied = 0;
  try {
    const result = await db.execute(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    applied = rowsOf<{ n: number }>(result)[0]?.n ?? 0;
  } catch (error) {
    // No migrations table yet: nothing applied.
    const code = pgErrorOf(error)?.code;
    if (code !== PG.undefinedTable && code !== PG.invalidSchemaName) throw error;
  }
  if (applied < expected) {
    throw new Error(`migrations pending: ${applied} of ${expected} applied`);
  }
}

/** `db.execute` yields `{ rows }` on PGlite and an array on postgres.js; this reads both. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * libpq's `?host=/path/to/socket/dir` (a server on the same machine, reached over a Unix
 * socket, which costs far less per round trip than loopback TCP): postgres.js would send an
 * unknown `host` parameter to the server, so it is taken out of the URL and passed apart.
 */
export function unixSocketOf(url: string): { url: string; socketDir: string | undefined } {
  const parsed = new URL(url);
  const host = parsed.searchParams.get("host");
  if (!host?.startsWith("/")) return { url, socketDir: undefined };
  parsed.searchParams.delete("host");
  return { url: parsed.toString(), socketDir: host };
}

type QueryLogger = { logQuery: (query: string, params: unknown[]) => void } | undefined;

/** A PostgreSQL server through postgres.js. */
function openPostgres(url: string, options: OpenOptions, logger: QueryLogger): Database {
  const { url: serverUrl, socketDir } = unixSocketOf(url);
  const client = postgres(serverUrl, {
    // A directory host is a Unix socket: postgres.js connects to <dir>/.s.PGSQL.<port>.
    ...(socketDir ? { host: socketDir } : {}),
    max: options.poolSize ?? DEFAULTS.database.poolSize,
    onnotice: () => {},
    connect_timeout: 5,
    idle_timeout: 30,
    // postgres.js waits up to 20 s between reconnects after repeated failures (its default
    // backoff), and each failed attempt fails only one queued query, so queries queued in an
    // outage drain at that pace (30 requests took 13 s at 0.5 s). Reconnect at once instead:
    // attempts happen only on demand, and the availability breaker cuts the demand.
    backoff: () => 0,
    connection: {
      application_name: "newsletter-content-api",
      statement_timeout: options.statementTimeoutMs ?? DEFAULTS.database.statementTimeoutMs,
    },
  });
  const db = drizzlePostgres(client, { logger });
  const target = new URL(url);
  return {
    db,
    kind: "postgres",
    describe: `postgres ${target.hostname}:${target.port || 5432}${target.pathname}`,
    async migrate() {
      const lock = await client.reserve();
      try {
        await lock`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        await migratePostgres(db, { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await lock`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
        lock.release();
      }
    },
    checkReady: () => assertMigrated(db),
    close: () => client.end({ timeout: 5 }),
  };
}

/** Embedded PGlite: in `<dataDir>/pglite`, in a given folder (file:), or in memory. */
function openPglite(url: string | undefined, options: OpenOptions, logger: QueryLogger): Database {
  let dataDir: string | undefined;
  if (url === "memory://") dataDir = undefined;
  else if (url?.startsWith("file:")) dataDir = resolve(url.slice("file:".length));
  else dataDir = resolve(options.dataDir ?? DEFAULTS.dataDir, "pglite");
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Before PGlite reads the folder: a second opener would work on a copy and lose its writes.
  const ownership = dataDir
    ? claimEmbedded(dataDir, options.owner ?? "another process")
    : undefined;
  let client: PGlite;
  try {
    client = new PGlite(dataDir);
  } catch (error) {
    ownership?.release();
    throw error;
  }
  const db = drizzlePglite(client, { logger });
  return {
    db,
    ...(ownership ? { ownership } : {}),
    kind: "pglite",
    describe: dataDir ? `embedded PGlite in ${dataDir}` : "embedded PGlite in memory",
    migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    checkReady: async () => {
      if (client.closed) {
        // Coded like postgres.js's ended pool: the database is gone, not broken.
        throw Object.assign(new Error("embedded database is closed"), { code: "CONNECTION_ENDED" });
      }
      await assertMigrated(db);
    },
    close: async () => {
      if (!client.closed) await client.close();
      ownership?.release();
    },
  };
}

/** Open the configured database: postgres.js for postgres:// URLs, PGlite otherwise. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const logger = options.onQuery ? { logQuery: options.onQuery } : undefined;
  const url = options.url;
  if (url && /^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options, logger);
  return openPglite(url, options, logger);
}
