import DataLoader from "dataloader";
import type { Db } from "../db/client.js";
import { type PersonRow, peopleByIds } from "../db/repos/people.js";
import { alignOne } from "./align.js";

export function peopleLoaders(db: Db) {
  return {
    person: new DataLoader<number, PersonRow | null>(async (ids) =>
      alignOne(ids, await peopleByIds(db, ids), (r) => r.id),
    ),
  };
}
