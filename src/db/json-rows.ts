/**
 * Rows built as JSON inside a statement and read back as the rows Drizzle would have returned:
 * nested lists (an issue's sections, their items, the items' people) ride along with their
 * parent in one statement, as PostGraphile does, and decode to the same objects, so the code
 * that reads them cannot tell which way they came.
 */
import { type Column, getTableColumns, type SQL, sql, type Table } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

export type JsonRow = Record<string, unknown>;

/** JSON loses what numeric and bigint hold (12.30 would come back 12.3): send those as text. */
const AS_TEXT = new Set(["PgNumeric", "PgNumericNumber", "PgNumericBigInt", "PgBigInt64"]);

function jsonValue(column: Column): SQL {
  return AS_TEXT.has(column.columnType) ? sql`${column}::text` : sql`${column}`;
}

const dialect = new PgDialect();
const columnPairs = new WeakMap<Table, SQL>();

/**
 * `'key', "table"."column", …` for every column, rendered to SQL text once per table: it has no
 * parameters, and rebuilding it from Drizzle's objects on every request was most of the time
 * Drizzle spent building the timeline's statement.
 */
function pairsOf(table: Table): SQL {
  let pairs = columnPairs.get(table);
  if (!pairs) {
    const built = sql.join(
      Object.entries(getTableColumns(table)).map(
        ([key, column]) => sql`${sql.raw(`'${key.replace(/\W/g, "")}'`)}, ${jsonValue(column)}`,
      ),
      sql`, `,
    );
    pairs = sql.raw(dialect.sqlToQuery(built).sql);
    columnPairs.set(table, pairs);
  }
  return pairs;
}

/**
 * `json_build_object` of a table's columns under their TypeScript names, plus `extra` keys
 * (nested lists). Keys come from code, never from input.
 */
export function rowJson(table: Table, extra: Record<string, SQL> = {}): SQL {
  const parts = [
    pairsOf(table),
    ...Object.entries(extra).map(
      ([key, value]) => sql`${sql.raw(`'${key.replace(/\W/g, "")}'`)}, ${value}`,
    ),
  ];
  return sql`json_build_object(${sql.join(parts, sql`, `)})`;
}

/**
 * A JSON array of `row` over the rows `from` (a FROM … WHERE … clause) gives, in `order` (one
 * expression), the first `limit` of them when given.
 */
export function jsonList(row: SQL, from: SQL, order: SQL, limit?: number): SQL<JsonRow[]> {
  if (limit === undefined)
    return sql<
      JsonRow[]
    >`(select coalesce(json_agg(${row} order by ${order}), '[]'::json) ${from})`;
  return sql<JsonRow[]>`(select coalesce(json_agg(page.row order by page.ord), '[]'::json)
    from (select ${row} as row, ${order} as ord ${from} order by ${order} limit ${limit}) page)`;
}

/** One row of `table` from its JSON, decoded as the driver's values would be. */
export function rowFromJson<T extends Table>(table: T, json: JsonRow): T["$inferSelect"] {
  const row: JsonRow = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[key];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T["$inferSelect"];
}

/** A nested list read back from JSON (drivers parse json; text is parsed here; else empty). */
export function jsonRows(value: unknown): JsonRow[] {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as JsonRow[]) : [];
}

/** A nested object read back from JSON (an empty one when missing). */
export function jsonObject(value: unknown): JsonRow {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return parsed !== null && typeof parsed === "object" ? (parsed as JsonRow) : {};
}
