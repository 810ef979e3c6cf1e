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

const rendered = new Map<string, SQL>();

/**
 * `build()`, rendered to SQL text the first time it is asked for under `key` and reused as
 * that text: the nested JSON of a read (an issue's sections, items and people) depends only
 * on which parts a query selects, and walking Drizzle's objects to render it again on every
 * request was most of the time spent building the front page's statements. Keys come from
 * code (a finite set of shapes); a part with parameters cannot be kept, and says so.
 */
export function renderedOnce(key: string, build: () => SQL): SQL {
  const known = rendered.get(key);
  if (known) return known;
  const query = dialect.sqlToQuery(build());
  if (query.params.length > 0) throw new Error(`SQL kept as text has parameters: ${key}`);
  const text = sql.raw(query.sql);
  rendered.set(key, text);
  return text;
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

/**
 * Per table, its columns as [key, column, decode?]: `decode` only where the driver's value
 * needs turning into ours (a timestamp's text into a Date); text, numbers and booleans arrive
 * from JSON as they are. Worked out once, since a page reads hundreds of nested rows.
 */
const decoders = new WeakMap<Table, [string, Column, boolean][]>();

function decoderOf(table: Table): [string, Column, boolean][] {
  let columns = decoders.get(table);
  if (!columns) {
    columns = Object.entries(getTableColumns(table)).map(([key, column]) => [
      key,
      column,
      !PASS_THROUGH.has(column.columnType),
    ]);
    decoders.set(table, columns);
  }
  return columns;
}

/** Column types whose JSON value is already what the driver would have handed over. */
const PASS_THROUGH = new Set([
  "PgText",
  "PgVarchar",
  "PgChar",
  "PgEnumColumn",
  "PgInteger",
  "PgSerial",
  "PgSmallInt",
  "PgBoolean",
]);

/** One row of `table` from its JSON, decoded as the driver's values would be. */
export function rowFromJson<T extends Table>(table: T, json: JsonRow): T["$inferSelect"] {
  const row: JsonRow = {};
  for (const [key, column, decode] of decoderOf(table)) {
    const value = json[key];
    if (value === null || value === undefined) row[key] = null;
    else row[key] = decode ? column.mapFromDriverValue(value) : value;
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
