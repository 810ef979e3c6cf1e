import { and, asc, type Column, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { jsonList, jsonRows, renderedOnce, rowFromJson, rowJson } from "../../db/json-rows.js";
import { keysetOrder } from "../../db/keyset.js";
import { type Visibility, visibleSql } from "../../read/visibility.js";
import { type PersonRow, peopleFromJson, peopleJson } from "../people/reads.js";
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

/** The parts of weekly stats read along with them (see `statsJson`). */
export interface StatsParts {
  shares: boolean;
  mailingLists: boolean;
  superstars: boolean;
}

export interface StatsWithParts {
  stats: StatsRow;
  shares?: (typeof browserShares.$inferSelect)[];
  mailingLists?: (typeof mailingListActivity.$inferSelect)[];
  superstars?: PersonRow[];
}

/**
 * The stats `statsId` names, if the reader may see them, with the parts asked for: a JSON
 * list of zero or one, for reading inside the statement of the issue that owns them.
 */
export function statsJson(visibility: Visibility, statsId: Column, parts: StatsParts): SQL {
  const visible = and(eq(weeklyStats.id, statsId), statsVisible(visibility));
  const key = `stats shares=${parts.shares} mailingLists=${parts.mailingLists} superstars=${parts.superstars}`;
  const row = renderedOnce(key, () => statsRowJson(parts));
  return jsonList(row, sql`from ${weeklyStats} where ${visible}`, sql`1`);
}

/** A stats row as JSON with the parts asked for (the part of `statsJson` without parameters). */
function statsRowJson(parts: StatsParts): SQL {
  const extra: Record<string, SQL> = {};
  if (parts.shares)
    extra.shares = jsonList(
      rowJson(browserShares),
      sql`from ${browserShares} where ${browserShares.statsId} = ${weeklyStats.id}`,
      sql`${browserShares.position}`,
    );
  if (parts.mailingLists)
    extra.mailingLists = jsonList(
      rowJson(mailingListActivity),
      sql`from ${mailingListActivity} where ${mailingListActivity.statsId} = ${weeklyStats.id}`,
      sql`${mailingListActivity.position}`,
    );
  if (parts.superstars)
    extra.superstars = peopleJson(
      statsSuperstars,
      statsSuperstars.personId,
      sql`${statsSuperstars.statsId} = ${weeklyStats.id}`,
      statsSuperstars.position,
    );
  return rowJson(weeklyStats, extra);
}

/** Stats read back from `statsJson`: null when missing or hidden; parts only where asked. */
export function statsFromJson(value: unknown, parts: StatsParts): StatsWithParts | null {
  const [json] = jsonRows(value);
  if (!json) return null;
  return {
    stats: rowFromJson(weeklyStats, json),
    shares: parts.shares
      ? jsonRows(json.shares).map((row) => rowFromJson(browserShares, row))
      : undefined,
    mailingLists: parts.mailingLists
      ? jsonRows(json.mailingLists).map((row) => rowFromJson(mailingListActivity, row))
      : undefined,
    superstars: parts.superstars ? peopleFromJson(json.superstars) : undefined,
  };
}
