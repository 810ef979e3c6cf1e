/**
 * Recording what readers' copies must change, in the transaction that changes it: each entry
 * an editorial write (or the scheduler) touched gets the transaction's id; an entry leaving
 * public view leaves a tombstone, and one published again takes its tombstone back.
 */
import { inArray, sql } from "drizzle-orm";
import type { ContentEvent } from "../../bus/events.js";
import type { Db } from "../../db/client.js";
import { contentRemovals, contentVersions } from "./table.js";

const currentXid = sql`pg_current_xact_id()`;

/** Mark entries changed by the current transaction. */
export async function touchEntries(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .insert(contentVersions)
    .values(ids.map((contentId) => ({ contentId })))
    .onConflictDoUpdate({ target: contentVersions.contentId, set: { changedXid: currentXid } });
}

/** Record the changes a transaction's events describe (before it commits). */
export async function recordChanges(db: Db, events: readonly ContentEvent[]): Promise<void> {
  const alive = events.filter((e) => e.kind !== "deleted").map((e) => e.id);
  await touchEntries(db, [...new Set(alive)]);
  const removed = events.filter((e) => e.kind === "unpublished" || e.kind === "deleted");
  if (removed.length) {
    await db
      .insert(contentRemovals)
      .values(
        removed.map((e) => ({ contentId: e.id, type: e.type, slug: e.slug, removedAt: e.at })),
      )
      .onConflictDoUpdate({
        target: contentRemovals.contentId,
        set: {
          slug: sql`excluded.slug`,
          removedAt: sql`excluded.removed_at`,
          changedXid: currentXid,
        },
      });
  }
  const back = events.filter((e) => e.kind === "published").map((e) => e.id);
  if (back.length) await db.delete(contentRemovals).where(inArray(contentRemovals.contentId, back));
}
