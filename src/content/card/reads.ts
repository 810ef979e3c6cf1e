import { inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { content } from "../../read/table.js";

/** Words in each entry's readable text (the plain text the write path keeps for search). */
export function wordCountsByIds(db: Db, ids: readonly number[]) {
  const words = sql<number>`coalesce(array_length(regexp_split_to_array(nullif(btrim(${content.searchText}), ''), '\\s+'), 1), 0)::int`;
  return db
    .select({ id: content.id, words })
    .from(content)
    .where(inArray(content.id, [...ids]));
}
