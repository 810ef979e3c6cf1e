/**
 * The changes feed: every entry whose public state changed, in the order of the transactions
 * that changed it, live entries and tombstones together. Only finished transactions are read
 * (ids below the oldest one still running), so a position, once passed, is never filled later:
 * a reader that saves its cursor misses nothing, however writes interleave.
 */
import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type Db, rowsOf } from "../../db/client.js";
import { content } from "../../read/table.js";
import { type Visibility, visibleSql } from "../../read/visibility.js";
import type { ContentType } from "../../registry.js";
import { contentRemovals, contentVersions } from "./table.js";

export interface ChangePosition {
  /** The changing transaction's id, as decimal text (xid8). */
  xid: string;
  id: number;
}

export interface ChangeRow extends ChangePosition {
  type: ContentType;
  slug: string;
  changedAt: Date;
  /** Set on a tombstone. */
  removedAt: Date | null;
}

export interface ChangeQuery {
  visibility: Visibility;
  /** Only changes at or after this instant. */
  since?: Date;
  after?: ChangePosition;
}

/** Live entries and tombstones, each with its position and when it changed. */
function changeRows(q: ChangeQuery): SQL {
  const other = alias(content, "other");
  // An entry seeded or imported before versions were kept sorts first (transaction 0).
  const live = sql`select ${content.id} as id, ${content.type} as type, ${content.slug} as slug,
      coalesce(${contentVersions.changedXid}, '0'::xid8) as xid,
      greatest(${content.updatedAt}, ${content.publishedAt}) as changed_at,
      null::timestamptz as removed_at
    from ${content} left join ${contentVersions} on ${contentVersions.contentId} = ${content.id}
    where ${and(isNull(content.revisionOf), visibleSql(q.visibility)) ?? sql`true`}`;
  // A tombstone only while the entry is out of this reader's view.
  const stillSeen = sql`select 1 from ${content} ${sql.identifier("other")}
    where ${and(eq(other.id, contentRemovals.contentId), visibleSql(q.visibility, other)) ?? sql`true`}`;
  const removed = sql`select ${contentRemovals.contentId}, ${contentRemovals.type}, ${contentRemovals.slug},
      ${contentRemovals.changedXid}, ${contentRemovals.removedAt}, ${contentRemovals.removedAt}
    from ${contentRemovals} where not exists (${stillSeen})`;
  const conditions = [sql`ch.xid < pg_snapshot_xmin(pg_current_snapshot())`];
  if (q.since) conditions.push(sql`ch.changed_at >= ${q.since.toISOString()}::timestamptz`);
  if (q.after) conditions.push(sql`(ch.xid, ch.id) > (${q.after.xid}::xid8, ${q.after.id})`);
  return sql`select * from (${live} union all ${removed}) ch where ${sql.join(conditions, sql` and `)}`;
}

export async function changePage(db: Db, q: ChangeQuery, limit: number): Promise<ChangeRow[]> {
  const result = await db.execute(
    sql`select id, type, slug, xid::text as xid, changed_at, removed_at from (${changeRows(q)}) page
      order by page.xid, page.id limit ${limit}`,
  );
  type Raw = Omit<ChangeRow, "changedAt" | "removedAt"> & {
    changed_at: Date | string;
    removed_at: Date | string | null;
  };
  return rowsOf<Raw>(result).map((r) => ({
    id: Number(r.id),
    type: r.type,
    slug: r.slug,
    xid: String(r.xid),
    changedAt: new Date(r.changed_at),
    removedAt: r.removed_at == null ? null : new Date(r.removed_at),
  }));
}

export async function countChanges(db: Db, q: ChangeQuery): Promise<number> {
  const result = await db.execute(sql`select count(*)::int as n from (${changeRows(q)}) counted`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}
