import DataLoader from "dataloader";
import type { Dependencies } from "../cache/dependencies.js";
import type { Db } from "../db/client.js";
import type { PersonRow } from "../db/repos/people.js";
import {
  mailingListsByStatsIds,
  type StatsRow,
  sharesByStatsIds,
  statsByIds,
  superstarsByStatsIds,
} from "../db/repos/stats/queries.js";
import type { Visibility } from "../db/repos/visibility.js";
import { alignMany, alignOne } from "./align.js";

export type StatsNode = StatsRow & { __typename: "WeeklyStats" };

export function statsLoaders(db: Db, visibility: Visibility, deps: Dependencies) {
  return {
    stats: new DataLoader<number, StatsNode | null>(async (ids) => {
      deps.shared();
      return alignOne(
        ids,
        (await statsByIds(db, ids, visibility)).map((r) => ({
          ...r,
          __typename: "WeeklyStats" as const,
        })),
        (r) => r.id,
      );
    }),
    shares: new DataLoader<number, { browser: string; share: string }[]>(async (ids) =>
      alignMany(ids, await sharesByStatsIds(db, ids), (r) => r.statsId),
    ),
    mailingLists: new DataLoader<
      number,
      { list: string; posts: number | null; url: string | null }[]
    >(async (ids) => alignMany(ids, await mailingListsByStatsIds(db, ids), (r) => r.statsId)),
    superstars: new DataLoader<number, PersonRow[]>(async (ids) =>
      alignMany(ids, await superstarsByStatsIds(db, ids), (r) => r.statsId).map((rows) =>
        rows.map((r) => r.person),
      ),
    ),
  };
}
