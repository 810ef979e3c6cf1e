import DataLoader from "dataloader";
import { alignMany, alignOne } from "../../read/align.js";
import type { Reader } from "../../read/reader.js";
import type { Visibility } from "../../read/visibility.js";
import type { PersonRow } from "../people/reads.js";
import {
  mailingListsByStatsIds,
  type StatsRow,
  type StatsWithParts,
  sharesByStatsIds,
  statsByIds,
  superstarsByStatsIds,
} from "./reads.js";

export type StatsNode = StatsRow & { __typename: "WeeklyStats" };

function byIds(r: Reader, visibility: Visibility) {
  return new DataLoader<number, StatsNode | null>(async (ids) => {
    r.cacheTags.shared();
    const rows = await statsByIds(r.db, ids, visibility);
    return alignOne(
      ids,
      rows.map((row) => ({ ...row, __typename: "WeeklyStats" as const })),
      (row) => row.id,
    );
  });
}

export function statsLoaders(r: Reader) {
  return {
    /** Weekly stats as this reader may see them (their own publication status). */
    stats: byIds(r, r.visibility),
    /** Stats whatever their status: what an editor's write reads back. */
    owned: byIds(r, { kind: "all" }),
    shares: new DataLoader<number, { browser: string; share: string }[]>(async (ids) =>
      alignMany(ids, await sharesByStatsIds(r.db, ids), (row) => row.statsId),
    ),
    mailingLists: new DataLoader<
      number,
      { list: string; posts: number | null; url: string | null }[]
    >(async (ids) => alignMany(ids, await mailingListsByStatsIds(r.db, ids), (row) => row.statsId)),
    superstars: new DataLoader<number, PersonRow[]>(async (ids) =>
      alignMany(ids, await superstarsByStatsIds(r.db, ids), (row) => row.statsId).map((rows) =>
        rows.map((row) => row.person),
      ),
    ),
  };
}

/** Stats read with the issue that owns them (`statsJson`), handed to this reader's loaders. */
export function primeStats(r: Reader, statsId: number, read: StatsWithParts | null): void {
  r.cacheTags.shared();
  const loaders = r.use(statsLoaders);
  loaders.stats.prime(statsId, read ? { ...read.stats, __typename: "WeeklyStats" } : null);
  if (read?.shares) loaders.shares.prime(statsId, read.shares);
  if (read?.mailingLists) loaders.mailingLists.prime(statsId, read.mailingLists);
  if (read?.superstars) loaders.superstars.prime(statsId, read.superstars);
}
