import type { Db } from "../../client.js";
import {
  browserShares,
  mailingListActivity,
  statsSuperstars,
  weeklyStats,
} from "../../tables/stats.js";
import { chunkRows, must } from "../batch.js";
import type { ContentStatus } from "../content.js";
import { resolvePeople } from "../people.js";

export interface WeeklyStatsInput {
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
}

/** Insert weekly stats with their lists; returns ids in input order. */
export async function createWeeklyStats(
  db: Db,
  inputs: readonly WeeklyStatsInput[],
): Promise<number[]> {
  if (inputs.length === 0) return [];
  const byWeek = new Map<string, number>();
  for (const chunk of chunkRows(
    inputs.map((s) => ({
      weekStart: s.weekStart,
      weekEnd: s.weekEnd,
      visitors: s.visitors ?? null,
      pageViews: s.pageViews ?? null,
      status: s.status ?? "draft",
      publishedAt: s.publishedAt ?? null,
      updatedAt: s.publishedAt ?? undefined,
    })),
  )) {
    const rows = await db
      .insert(weeklyStats)
      .values(chunk)
      .returning({ id: weeklyStats.id, weekStart: weeklyStats.weekStart });
    for (const r of rows) byWeek.set(r.weekStart, r.id);
  }
  const ids = inputs.map((s) => must(byWeek, s.weekStart, "weekly stats"));
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
  return ids;
}
