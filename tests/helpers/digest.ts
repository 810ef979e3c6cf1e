import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "../../src/db/client.js";

/** md5 of every row of every table in `public`: equal digests mean equal data. */
export async function databaseDigest(db: Db): Promise<Record<string, string>> {
  const tables = rowsOf<{ table_name: string }>(
    await db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    ),
  );
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const [row] = rowsOf<{ digest: string | null; n: number }>(
      await db.execute(
        sql`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest, count(*)::int as n from ${sql.identifier(table_name)} t`,
      ),
    );
    out[table_name] = `${row?.n}:${row?.digest}`;
  }
  return out;
}
