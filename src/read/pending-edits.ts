/**
 * From a live entry to its pending edit (the draft copy `update…(asRevision: true)` keeps until
 * it is published): the other direction of `content.revision_of`, batched per request.
 */
import DataLoader from "dataloader";
import { and, inArray } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { alignOne } from "./align.js";
import type { Reader } from "./reader.js";
import { content } from "./table.js";
import { type Visibility, visibleSql } from "./visibility.js";

/** The visible pending edits of these live entries, by the id they revise. */
function pendingEditsOf(
  db: Db,
  liveIds: readonly number[],
  visibility: Visibility,
): Promise<{ id: number; revisionOf: number | null }[]> {
  return db
    .select({ id: content.id, revisionOf: content.revisionOf })
    .from(content)
    .where(and(inArray(content.revisionOf, [...liveIds]), visibleSql(visibility)));
}

/**
 * Live entry id → its pending edit's id, or null. Readers never see a pending edit (it is a
 * draft), so for them this is null without a statement; a preview sees only the one it names.
 */
export function pendingEditIds(r: Reader): DataLoader<number, number | null> {
  return new DataLoader(async (ids) => {
    if (r.visibility.kind === "public") return ids.map(() => null);
    const rows = await pendingEditsOf(r.db, ids, r.visibility);
    return alignOne(ids, rows, (row) => row.revisionOf as number).map((row) => row?.id ?? null);
  });
}
