/**
 * An entry's neighbours in its type's list (the order every list uses: publication time, then
 * id), among what the reader may see: one statement for any number of entries.
 */
import { and, asc, desc, eq, inArray, isNull, ne, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db/client.js";
import type { ContentType } from "../registry.js";
import { content } from "./table.js";
import { type Visibility, visibleSql } from "./visibility.js";

export interface Neighbours {
  id: number;
  type: ContentType;
  /** The next older entry of the same type. */
  previous: number | null;
  /** The next newer one. */
  next: number | null;
}

export function neighboursByIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
): Promise<Neighbours[]> {
  const of = alias(content, "of");
  const n = alias(content, "n");
  const sameList = and(
    eq(n.type, of.type),
    ne(n.id, of.id),
    isNull(n.revisionOf),
    visibleSql(visibility, n),
  ) as SQL;
  // A scalar subquery per side; the builder renders the alias as `"content" "n"`.
  const nearest = (cmp: SQL, order: SQL[]) =>
    sql<number | null>`(${db
      .select({ id: n.id })
      .from(n)
      .where(and(sameList, cmp))
      .orderBy(...order)
      .limit(1)})`;
  return db
    .select({
      id: of.id,
      type: of.type,
      previous: nearest(sql`(${n.sortAt}, ${n.id}) < (${of.sortAt}, ${of.id})`, [
        desc(n.sortAt),
        desc(n.id),
      ]),
      next: nearest(sql`(${n.sortAt}, ${n.id}) > (${of.sortAt}, ${of.id})`, [
        asc(n.sortAt),
        asc(n.id),
      ]),
    })
    .from(of)
    .where(inArray(of.id, [...ids]));
}
