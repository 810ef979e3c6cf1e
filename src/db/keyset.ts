import { type AnyColumn, asc, desc, type SQL, sql } from "drizzle-orm";

/** Position in a newest-first list: (time, id), the pair every connection pages on. */
export interface Key {
  at: Date;
  id: number;
}

/**
 * One page request against a newest-first order. `after` moves towards older entries,
 * `before` towards newer ones; `fromEnd` reads the page from the older end (Relay `last`).
 * `limit` includes the one extra row used to detect a further page.
 */
export interface KeysetPage {
  after?: Key;
  before?: Key;
  limit: number;
  fromEnd: boolean;
}

/** WHERE parts for the page window over (atColumn, idColumn). */
export function keysetWhere(page: KeysetPage, at: AnyColumn | SQL, id: AnyColumn | SQL): SQL[] {
  const out: SQL[] = [];
  // Row comparison lets Postgres seek the (at desc, id desc) index directly.
  // Raw SQL gets no column mapping: pass instants as ISO text with an explicit cast.
  if (page.after)
    out.push(sql`(${at}, ${id}) < (${page.after.at.toISOString()}::timestamptz, ${page.after.id})`);
  if (page.before)
    out.push(
      sql`(${at}, ${id}) > (${page.before.at.toISOString()}::timestamptz, ${page.before.id})`,
    );
  return out;
}

/** ORDER BY for the page: newest first, or oldest first when reading from the end. */
export function keysetOrder(page: KeysetPage, at: AnyColumn | SQL, id: AnyColumn | SQL): SQL[] {
  return page.fromEnd ? [asc(at), asc(id)] : [desc(at), desc(id)];
}
