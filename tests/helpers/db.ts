import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { seedReference } from "../../seeds/load.js";
import { type Database, openDatabase } from "../../src/db/client.js";
import { type Backend, RUN_PREFIX_ENV, serverUrl } from "./backends.js";

/** Every SQL statement a test database ran, for query-count assertions. */
export class SqlLog {
  statements: string[] = [];
  /** The statements with their bind parameters, for EXPLAIN. */
  calls: { query: string; params: unknown[] }[] = [];
  record = (query: string, params: unknown[]) => {
    this.statements.push(query);
    this.calls.push({ query, params });
  };
  reset() {
    this.statements = [];
    this.calls = [];
  }
  get count() {
    return this.statements.length;
  }
}

export interface TestDatabase {
  backend: Backend;
  database: Database;
  sql: SqlLog;
  /** Close and, on the real server, drop the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a new database on the
 * server at TEST_DATABASE_URL (created here, dropped by `drop()`).
 */
export async function createTestDatabase(
  backend: Backend,
  options: { seed?: boolean } = {},
): Promise<TestDatabase> {
  const sql = new SqlLog();
  let database: Database;
  let cleanup = async () => {};
  if (backend === "pglite") {
    database = await openDatabase({ url: "memory://", onQuery: sql.record });
  } else {
    const base = serverUrl();
    if (!base) throw new Error("TEST_DATABASE_URL is not set");
    const name = `${process.env[RUN_PREFIX_ENV] ?? "t_adhoc"}_${randomBytes(4).toString("hex")}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    database = await openDatabase({ url: url.toString(), onQuery: sql.record, poolSize: 5 });
    cleanup = async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    };
  }
  await database.migrate();
  if (options.seed) await seedReference(database.db);
  sql.reset();
  return {
    backend,
    database,
    sql,
    async drop() {
      await database.close();
      await cleanup();
    },
  };
}
