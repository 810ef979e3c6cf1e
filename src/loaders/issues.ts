import DataLoader from "dataloader";
import type { Dependencies } from "../cache/dependencies.js";
import type { Db } from "../db/client.js";
import {
  type ItemRow,
  itemsBySectionIds,
  peopleByItemIds,
  type SectionRow,
  sectionsByIssueIds,
} from "../db/repos/issues/queries.js";
import type { PersonRow } from "../db/repos/people.js";
import { alignMany } from "./align.js";

export function issueLoaders(db: Db, deps: Dependencies) {
  return {
    sections: new DataLoader<number, SectionRow[]>(async (ids) =>
      alignMany(ids, await sectionsByIssueIds(db, ids), (r) => r.issueId),
    ),
    items: new DataLoader<number, ItemRow[]>(async (ids) =>
      alignMany(ids, await itemsBySectionIds(db, ids), (r) => r.sectionId),
    ),
    itemPeople: new DataLoader<number, PersonRow[]>(async (ids) => {
      deps.shared();
      return alignMany(ids, await peopleByItemIds(db, ids), (r) => r.itemId).map((rows) =>
        rows.map((r) => r.person),
      );
    }),
  };
}
