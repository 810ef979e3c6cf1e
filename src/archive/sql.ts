// SQL of archive export and import. Tables and columns come from the archive format (a
// fixed list), never from the archive file: the importer checks names before they get here.
import { type SQL, sql } from "drizzle-orm";
import { type Db, rowsOf } from "../db/client.js";

export interface ArchiveColumn {
  name: string;
  /** Read as text (numerics: exact decimals instead of JSON numbers). */
  asText?: boolean;
}

const ids = (names: readonly string[], prefix?: string): SQL =>
  sql.join(
    names.map((n) =>
      prefix ? sql`${sql.identifier(prefix)}.${sql.identifier(n)}` : sql.identifier(n),
    ),
    sql`, `,
  );

/**
 * Timestamps of this transaction print in UTC: the JSON of a timestamptz follows the session
 * zone, and an archive must not depend on the server's.
 */
export async function useUtc(tx: Db): Promise<void> {
  await tx.execute(sql`set local time zone 'UTC'`);
}

/**
 * One page of a table as JSON text per row (built by Postgres, so timestamps keep their
 * microseconds), in key order after `after` (keyset paging; null: from the start).
 */
export async function archivePage(
  db: Db,
  page: {
    table: string;
    columns: readonly ArchiveColumn[];
    key: readonly string[];
    after: readonly unknown[] | null;
    limit: number;
  },
): Promise<{ json: string; key: unknown[] }[]> {
  const select = sql.join(
    page.columns.map((c) =>
      c.asText
        ? sql`${sql.identifier(c.name)}::text as ${sql.identifier(c.name)}`
        : sql.identifier(c.name),
    ),
    sql`, `,
  );
  const where = page.after
    ? sql`where (${ids(page.key)}) > (${sql.join(
        page.after.map((v) => sql`${v}`),
        sql`, `,
      )})`
    : sql``;
  const keys = sql.join(
    page.key.map((k, i) => sql`r.${sql.identifier(k)} as ${sql.identifier(`k${i}`)}`),
    sql`, `,
  );
  const rows = rowsOf<Record<string, unknown> & { json: string }>(
    await db.execute(
      sql`select row_to_json(r)::text as json, ${keys} from (select ${select} from ${sql.identifier(page.table)} ${where} order by ${ids(page.key)} limit ${page.limit}) r order by ${ids(page.key, "r")}`,
    ),
  );
  return rows.map((row) => ({ json: row.json, key: page.key.map((_, i) => row[`k${i}`]) }));
}

/** The tables among `tables` that hold at least one row. */
export async function tablesWithRows(db: Db, tables: readonly string[]): Promise<string[]> {
  if (tables.length === 0) return [];
  const probes = sql.join(
    tables.map(
      (t) => sql`select ${t}::text as name where exists (select 1 from ${sql.identifier(t)})`,
    ),
    sql` union all `,
  );
  return rowsOf<{ name: string }>(await db.execute(probes)).map((r) => r.name);
}

/**
 * Insert rows given as JSON objects keyed by column name. One bind parameter per statement
 * (the rows as one JSON text), so no batch meets Postgres' 65,535-parameter limit; Postgres
 * converts each value with the column type's own input function.
 */
export async function insertArchiveRows(
  db: Db,
  table: string,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(
    sql`insert into ${sql.identifier(table)} (${ids(columns)}) select ${ids(columns)} from json_populate_recordset(null::${sql.identifier(table)}, ${JSON.stringify(rows)}::json)`,
  );
}

/** Set `columns` of existing rows, matched on `key`; rows hold key and column values. */
export async function updateArchiveRows(
  db: Db,
  table: string,
  key: readonly string[],
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const assignments = sql.join(
    columns.map((c) => sql`${sql.identifier(c)} = j.${sql.identifier(c)}`),
    sql`, `,
  );
  await db.execute(
    sql`update ${sql.identifier(table)} t set ${assignments} from json_populate_recordset(null::${sql.identifier(table)}, ${JSON.stringify(rows)}::json) j where (${ids(key, "t")}) = (${ids(key, "j")})`,
  );
}

/** Move an identity column's sequence so the next generated id follows the largest stored. */
export async function moveIdentityPastMax(db: Db, table: string, column: string): Promise<void> {
  await db.execute(
    sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce(max(${sql.identifier(column)}), 0) + 1, false) from ${sql.identifier(table)}`,
  );
}
