import DataLoader from "dataloader";
import type { Db } from "../db/client.js";
import type { PersonRow } from "../db/repos/people.js";
import {
  creditsByPollIds,
  type OptionRow,
  optionsByIds,
  optionsByPollIds,
} from "../db/repos/polls/queries.js";
import { alignMany, alignOne } from "./align.js";

export function pollLoaders(db: Db) {
  return {
    options: new DataLoader<number, OptionRow[]>(async (ids) =>
      alignMany(ids, await optionsByPollIds(db, ids), (r) => r.pollId),
    ),
    option: new DataLoader<number, OptionRow | null>(async (ids) =>
      alignOne(ids, await optionsByIds(db, ids), (r) => r.id),
    ),
    credits: new DataLoader<number, { role: string | null; person: PersonRow }[]>(async (ids) =>
      alignMany(ids, await creditsByPollIds(db, ids), (r) => r.pollId),
    ),
  };
}
