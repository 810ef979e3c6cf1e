import type { Db } from "../../db/client.js";
import type { StatsIn } from "./input.js";
import {
  mailingListsByStatsIds,
  sharesByStatsIds,
  statsByIds,
  superstarsByStatsIds,
} from "./reads.js";

/** Stored weekly stats in the shape of their input (a patch is applied to this, then validated). */
export async function statsSnapshot(db: Db, statsId: number): Promise<StatsIn | null> {
  const [s] = await statsByIds(db, [statsId], { kind: "all" });
  if (!s) return null;
  const [shares, lists, stars] = await Promise.all([
    sharesByStatsIds(db, [statsId]),
    mailingListsByStatsIds(db, [statsId]),
    superstarsByStatsIds(db, [statsId]),
  ]);
  return {
    weekStart: s.weekStart,
    weekEnd: s.weekEnd,
    visitors: s.visitors,
    pageViews: s.pageViews,
    browserShares: shares.map((b) => ({ browser: b.browser, share: Number(b.share) })),
    mailingLists: lists.map((l) => ({ list: l.list, posts: l.posts, url: l.url })),
    superstars: stars.map((p) => p.person.slug),
  };
}
