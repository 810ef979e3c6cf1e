import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { chunkRows, must } from "../../db/sql.js";
import type { ContentStatus } from "../../read/table.js";
import { resolvePeople } from "../people/reads.js";
import { browserShares, mailingListActivity, statsSuperstars, weeklyStats } from "./table.js";

/** Weekly stats as stored (an issue's own, or standalone). */
export interface StatsWrite {
  /** ISO date (YYYY-MM-DD) of the first and last day of the week. */
  weekStart: string;
  weekEnd: string;
  visitors?: number | null;
  pageViews?: number | null;
  /** Percent of visitors, as a decimal string ("4.26"). */
  browserShares?: readonly { browser: string; share: string }[];
  mailingLists?: readonly { list: string; posts?: number | null; url?: string | null }[];
  /** Person slugs. */
  superstars?: readonly string[];
  status?: ContentStatus;
  publishedAt?: Date | null;
  /** Stats of a pending edit's copy (exempt from one-row-per-week). */
  revision?: boolean;
}

/** Insert weekly stats with their lists; returns ids in input order. */
export async function createWeeklyStats(db: Db, inputs: readonly StatsWrite[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  const byWeek = new Map<string, number>();
  // Keyed by week and revision flag: a pending edit's stats may share the week of the live ones.
  for (const chunk of chunkRows(
    inputs.map((s) => ({
      weekStart: s.weekStart,
      weekEnd: s.weekEnd,
      visitors: s.visitors ?? null,
      pageViews: s.pageViews ?? null,
      status: s.status ?? "draft",
      publishedAt: s.publishedAt ?? null,
      updatedAt: s.publishedAt ?? undefined,
      revision: s.revision ?? false,
    })),
  )) {
    const rows = await db.insert(weeklyStats).values(chunk).returning({
      id: weeklyStats.id,
      weekStart: weeklyStats.weekStart,
      revision: weeklyStats.revision,
    });
    for (const r of rows) byWeek.set(`${r.weekStart}:${r.revision}`, r.id);
  }
  const ids = inputs.map((s) =>
    must(byWeek, `${s.weekStart}:${s.revision ?? false}`, "weekly stats"),
  );
  await insertLists(db, ids, inputs);
  return ids;
}

/** Rewrite standalone stats in place (same id): figures replaced, lists rebuilt. */
export async function replaceWeeklyStats(
  db: Db,
  id: number,
  input: StatsWrite,
  at: Date,
): Promise<void> {
  await db
    .update(weeklyStats)
    .set({
      weekStart: input.weekStart,
      weekEnd: input.weekEnd,
      visitors: input.visitors ?? null,
      pageViews: input.pageViews ?? null,
      updatedAt: at,
    })
    .where(eq(weeklyStats.id, id));
  await db.delete(browserShares).where(eq(browserShares.statsId, id));
  await db.delete(mailingListActivity).where(eq(mailingListActivity.statsId, id));
  await db.delete(statsSuperstars).where(eq(statsSuperstars.statsId, id));
  await insertLists(db, [id], [input]);
}

export async function deleteWeeklyStats(db: Db, id: number): Promise<boolean> {
  const rows = await db
    .delete(weeklyStats)
    .where(eq(weeklyStats.id, id))
    .returning({ id: weeklyStats.id });
  return rows.length > 0;
}

export async function setStatsStatus(
  db: Db,
  id: number,
  values: {
    status: "draft" | "scheduled" | "published";
    publishedAt: Date | null;
    updatedAt: Date;
  },
): Promise<void> {
  await db.update(weeklyStats).set(values).where(eq(weeklyStats.id, id));
}

async function insertLists(
  db: Db,
  ids: readonly number[],
  inputs: readonly StatsWrite[],
): Promise<void> {
  const people = await resolvePeople(
    db,
    inputs.flatMap((s) => s.superstars ?? []),
  );

  const shares = inputs.flatMap((s, i) =>
    (s.browserShares ?? []).map((b, position) => ({ statsId: ids[i] as number, position, ...b })),
  );
  const lists = inputs.flatMap((s, i) =>
    (s.mailingLists ?? []).map((m, position) => ({
      statsId: ids[i] as number,
      position,
      list: m.list,
      posts: m.posts ?? null,
      url: m.url ?? null,
    })),
  );
  const stars = inputs.flatMap((s, i) =>
    (s.superstars ?? []).map((slug, position) => ({
      statsId: ids[i] as number,
      personId: must(people, slug, "person").id,
      position,
    })),
  );
  for (const chunk of chunkRows(shares)) await db.insert(browserShares).values(chunk);
  for (const chunk of chunkRows(lists)) await db.insert(mailingListActivity).values(chunk);
  for (const chunk of chunkRows(stars)) await db.insert(statsSuperstars).values(chunk);
}
