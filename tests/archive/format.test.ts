import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ColumnKind } from "../../src/archive/format.js";
import { ARCHIVE_TABLES, EXCLUDED_TABLES } from "../../src/archive/tables.js";
import { rowsOf } from "../../src/db/client.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

// The archive's tables are read off the Drizzle definitions (src/archive/tables.ts); these
// tests hold that reading to the migrated schema (what the migrations actually made), and
// format-versions.test.ts holds it to what each version promised exported files.
describe.each(backends())("archive format version 1 against the schema on %s", (backend) => {
  let tdb: TestDatabase;
  const query = async <T>(statement: ReturnType<typeof sql>) =>
    rowsOf<T>(await tdb.database.db.execute(statement));
  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
  });
  afterAll(() => tdb?.drop());

  it("covers every table: archived or excluded with a reason, never both", async () => {
    const tables = await query<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    );
    const archived = ARCHIVE_TABLES.map((t) => t.name);
    expect([...archived, ...Object.keys(EXCLUDED_TABLES)].sort()).toEqual(
      tables.map((t) => t.table_name),
    );
    expect(new Set(archived).size).toBe(archived.length);
  });

  it("lists each table's stored columns in order, with their types, nullability and identity", async () => {
    const columns = await query<{
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      is_nullable: string;
      is_generated: string;
      is_identity: string;
    }>(
      sql`select table_name, column_name, data_type, udt_name, is_nullable, is_generated, is_identity
          from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`,
    );
    const enums = await query<{ name: string; label: string }>(
      sql`select t.typname as name, e.enumlabel as label from pg_enum e join pg_type t on t.oid = e.enumtypid order by t.typname, e.enumsortorder`,
    );
    const kindOf = (c: (typeof columns)[number]): ColumnKind => {
      switch (c.data_type) {
        case "integer":
          return { type: "integer" };
        case "text":
        case "character":
          return { type: "text" };
        case "boolean":
          return { type: "boolean" };
        case "timestamp with time zone":
          return { type: "timestamp" };
        case "date":
          return { type: "date" };
        case "numeric":
          return { type: "numeric" };
        case "USER-DEFINED":
          return {
            type: "enum",
            name: c.udt_name,
            values: enums.filter((e) => e.name === c.udt_name).map((e) => e.label),
          };
        default:
          throw new Error(
            `${c.table_name}.${c.column_name}: no archive encoding for ${c.data_type}`,
          );
      }
    };
    for (const table of ARCHIVE_TABLES) {
      const stored = columns.filter(
        (c) => c.table_name === table.name && c.is_generated !== "ALWAYS",
      );
      expect(
        Object.entries(table.columns).map(([name, spec]) => ({
          name,
          kind: spec.kind,
          nullable: spec.nullable,
        })),
        table.name,
      ).toEqual(
        stored.map((c) => ({
          name: c.column_name,
          kind: kindOf(c),
          nullable: c.is_nullable === "YES",
        })),
      );
      const identity = stored.filter((c) => c.is_identity === "YES").map((c) => c.column_name);
      expect(table.identity ? [table.identity] : [], `${table.name} identity`).toEqual(identity);
    }
  });

  it("orders rows by each table's primary key", async () => {
    const keys = await query<{ table_name: string; column_name: string }>(
      sql`select tc.table_name, kcu.column_name from information_schema.table_constraints tc
          join information_schema.key_column_usage kcu
            on kcu.constraint_schema = tc.constraint_schema and kcu.constraint_name = tc.constraint_name and kcu.table_name = tc.table_name
          where tc.table_schema = 'public' and tc.constraint_type = 'PRIMARY KEY'
          order by tc.table_name, kcu.ordinal_position`,
    );
    for (const table of ARCHIVE_TABLES) {
      expect(table.key, table.name).toEqual(
        keys.filter((k) => k.table_name === table.name).map((k) => k.column_name),
      );
    }
  });

  it("puts every table after the tables it references; self-references are deferred", async () => {
    const fks = await query<{ from_table: string; to_table: string; columns: string }>(
      sql`select c.conrelid::regclass::text as from_table, c.confrelid::regclass::text as to_table,
            (select string_agg(a.attname, ',' order by a.attnum) from pg_attribute a
              where a.attrelid = c.conrelid and a.attnum = any(c.conkey)) as columns
          from pg_constraint c join pg_namespace n on n.oid = c.connamespace
          where c.contype = 'f' and n.nspname = 'public'`,
    );
    const position = new Map(ARCHIVE_TABLES.map((t, i) => [t.name, i]));
    expect(fks.length).toBeGreaterThan(20);
    for (const fk of fks) {
      const from = position.get(fk.from_table);
      if (from === undefined) continue; // an excluded table
      const to = position.get(fk.to_table);
      expect(to, `${fk.from_table} references ${fk.to_table}, which is not archived`).toBeDefined();
      if (fk.from_table === fk.to_table) {
        for (const column of fk.columns.split(",")) {
          expect(ARCHIVE_TABLES[from]?.deferred ?? [], `${fk.from_table}.${column}`).toContain(
            column,
          );
        }
      } else {
        expect(to as number, `${fk.from_table} must come after ${fk.to_table}`).toBeLessThan(from);
      }
    }
  });
});
