import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { keysetOrder } from "../../db/keyset.js";
import { type Visibility, visibleSql } from "../../read/visibility.js";
import { people } from "../people/table.js";
import { browserShares, mailingListActivity, statsSuperstars, weeklyStats } from "./table.js";

export type StatsRow = typeof weeklyStats.$inferSelect;

/** Stats have their own status and publish time, checked by the same rule as entries'. */
const statsVisible = (v: Visibility) => visibleSql(v, weeklyStats);

export function statsByIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
): Promise<StatsRow[]> {
  return db
    .select()
    .from(weeklyStats)
    .where(and(inArray(weeklyStats.id, [...ids]), statsVisible(visibility)));
}

export function sharesByStatsIds(db: Db, ids: readonly number[]) {
  return db
    .select()
    .from(browserShares)
    .where(inArray(browserShares.statsId, [...ids]))
    .orderBy(asc(browserShares.statsId), asc(browserShares.position));
}

export function mailingListsByStatsIds(db: Db, ids: readonly number[]) {
  return db
    .select()
    .from(mailingListActivity)
    .where(inArray(mailingListActivity.statsId, [...ids]))
    .orderBy(asc(mailingListActivity.statsId), asc(mailingListActivity.position));
}

export function superstarsByStatsIds(db: Db, ids: readonly number[]) {
  return db
    .select({ statsId: statsSuperstars.statsId, person: people })
    .from(statsSuperstars)
    .innerJoin(people, eq(people.id, statsSuperstars.personId))
    .where(inArray(statsSuperstars.statsId, [...ids]))
    .orderBy(asc(statsSuperstars.statsId), asc(statsSuperstars.position));
}

/** One page of weekly stats, newest week first; the key's `at` is the week's start. */
export function listStats(
  db: Db,
  visibility: Visibility,
  page: {
    after?: { at: Date; id: number };
    before?: { at: Date; id: number };
    limit: number;
    fromEnd: boolean;
  },
): Promise<StatsRow[]> {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const window: SQL[] = [];
  if (page.after)
    window.push(
      sql`(${weeklyStats.weekStart}, ${weeklyStats.id}) < (${day(page.after.at)}::date, ${page.after.id})`,
    );
  if (page.before)
    window.push(
      sql`(${weeklyStats.weekStart}, ${weeklyStats.id}) > (${day(page.before.at)}::date, ${page.before.id})`,
    );
  return db
    .select()
    .from(weeklyStats)
    .where(and(statsVisible(visibility), eq(weeklyStats.revision, false), ...window))
    .orderBy(...keysetOrder(page, weeklyStats.weekStart, weeklyStats.id))
    .limit(page.limit);
}

export async function countStats(db: Db, visibility: Visibility): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(weeklyStats)
    .where(and(statsVisible(visibility), eq(weeklyStats.revision, false)));
  return row?.n ?? 0;
}

/** Lock standalone stats for a change of status (concurrent edits queue up). */
export async function lockStats(db: Db, id: number): Promise<StatsRow | null> {
  const [row] = await db.select().from(weeklyStats).where(eq(weeklyStats.id, id)).for("update");
  return row ?? null;
}
