/** The statements of an entry's lifecycle: lock, status changes, revisions, deletion, schedule. */
import { and, eq, isNull, lte, sql } from "drizzle-orm";
import { contentEvent } from "../../bus/events.js";
import type { Db } from "../../db/client.js";
import { type ContentStatus, content, type DatePrecision } from "../../read/table.js";
import type { ContentType } from "../../registry.js";
import { recordChanges } from "../changes/writes.js";

export interface LockedEntry {
  id: number;
  type: ContentType;
  slug: string;
  status: ContentStatus;
  publishedAt: Date | null;
  publishedAtPrecision: DatePrecision;
  updatedAt: Date;
  /** For a pending edit: when it began (the live entry must not have changed since). */
  createdAt: Date;
  revisionOf: number | null;
}

const lockedColumns = {
  id: content.id,
  type: content.type,
  slug: content.slug,
  status: content.status,
  publishedAt: content.publishedAt,
  publishedAtPrecision: content.publishedAtPrecision,
  updatedAt: content.updatedAt,
  createdAt: content.createdAt,
  revisionOf: content.revisionOf,
};

/** Read and lock an entry's row for the rest of the transaction (concurrent edits queue up). */
export async function lockEntry(db: Db, id: number): Promise<LockedEntry | null> {
  const [row] = await db
    .select(lockedColumns)
    .from(content)
    .where(eq(content.id, id))
    .for("update");
  return row ?? null;
}

/** An entry's publication state as the lifecycle sets it. */
export interface Publication {
  status: ContentStatus;
  publishedAt: Date | null;
  /** Unchanged when absent. */
  publishedAtPrecision?: DatePrecision;
  updatedAt: Date;
}

export async function setEntryStatus(db: Db, id: number, values: Publication): Promise<void> {
  await db.update(content).set(values).where(eq(content.id, id));
}

/** Delete an entry's row; its type's tables and its tags go with it (cascade). */
export async function deleteEntryRow(db: Db, id: number): Promise<void> {
  await db.delete(content).where(eq(content.id, id));
}

/** The pending edit (revision) of an entry, if one exists. */
export async function revisionIdOf(db: Db, originalId: number): Promise<number | null> {
  const [row] = await db
    .select({ id: content.id })
    .from(content)
    .where(eq(content.revisionOf, originalId));
  return row?.id ?? null;
}

/**
 * Mark a freshly created row as the revision of another, begun at `at` (the request's clock,
 * the one the live entry's updatedAt is written with).
 */
export async function markRevision(
  db: Db,
  id: number,
  originalId: number,
  at: Date,
): Promise<void> {
  await db
    .update(content)
    .set({ revisionOf: originalId, createdAt: at, updatedAt: at })
    .where(eq(content.id, id));
}

/**
 * Flip scheduled entries whose time has come to published. Atomic, so with several instances
 * each row is flipped (and announced) by exactly one of them.
 */
export function publishDueEntries(db: Db, now: Date): Promise<LockedEntry[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .update(content)
      .set({ status: "published" })
      .where(
        and(
          eq(content.status, "scheduled"),
          lte(content.publishedAt, now),
          isNull(content.revisionOf),
        ),
      )
      .returning(lockedColumns);
    // Syncing readers hear of them now (../changes), in the same transaction as the flip.
    await recordChanges(
      tx,
      due.map((row) => contentEvent("published", row, [], now)),
    );
    return due;
  });
}

/** When the next scheduled entry is due (or overdue, not yet flipped), if any. */
export async function nextDueAt(db: Db): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<Date | string | null>`min(${content.publishedAt})` })
    .from(content)
    .where(eq(content.status, "scheduled"));
  return row?.at ? new Date(row.at) : null;
}
