import DataLoader from "dataloader";
import type { Dependencies } from "../cache/dependencies.js";
import type { Db } from "../db/client.js";
import { type PersonRow, peopleByIds } from "../db/repos/people.js";
import { alignOne } from "./align.js";

export function peopleLoaders(db: Db, deps: Dependencies) {
  return {
    person: new DataLoader<number, PersonRow | null>(async (ids) => {
      deps.shared();
      return alignOne(ids, await peopleByIds(db, ids), (r) => r.id);
    }),
  };
}
