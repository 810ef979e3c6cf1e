import { and, asc, eq, inArray, lte, ne, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../client.js";
import { people } from "../../tables/people.js";
import {
  browserShares,
  mailingListActivity,
  statsSuperstars,
  weeklyStats,
} from "../../tables/stats.js";
import { keysetOrder } from "../keyset.js";
import type { Visibility } from "../visibility.js";

export type StatsRow = typeof weeklyStats.$inferSelect;

/** Stats have their own status and publish time, checked like content's. */
export function statsVisible(v: Visibility): SQL | undefined {
  if (v.kind === "all") return undefined;
  return and(ne(weeklyStats.status, "draft"), lte(weeklyStats.publishedAt, v.now));
}

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
