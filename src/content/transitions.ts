/**
 * When public answers change by the clock alone, with no write to announce it: an entry or
 * weekly stats come due, a poll opens or closes, an event starts or ends. Caches keep no
 * answer past the next of these (a cached `polls(filter: {status: OPEN})` outlived the close).
 */
import { and, eq, gt, min, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../db/client.js";
import { content } from "../read/table.js";
import { events } from "./event/table.js";
import { polls } from "./poll/table.js";
import { weeklyStats } from "./stats/table.js";

/** The next instant after `now` at which a public answer can change by itself, if any. */
export async function nextTransitionAt(db: Db, now: Date): Promise<Date | null> {
  const firstAfter = async (table: PgTable, column: PgColumn, where?: SQL) => {
    const [row] = await db
      .select({ at: min(column) })
      .from(table)
      .where(and(gt(column, now), where));
    return row?.at ? new Date(row.at as Date | string) : null;
  };
  const found = await Promise.all([
    firstAfter(content, content.publishedAt, eq(content.status, "scheduled")),
    firstAfter(weeklyStats, weeklyStats.publishedAt, eq(weeklyStats.status, "scheduled")),
    firstAfter(polls, polls.opensAt),
    firstAfter(polls, polls.closesAt),
    firstAfter(events, events.startsAt),
    firstAfter(events, events.endsAt),
  ]);
  const times = found.filter((d): d is Date => d !== null).map((d) => d.getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}
