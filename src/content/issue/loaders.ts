import DataLoader from "dataloader";
import { alignMany } from "../../read/align.js";
import type { Reader } from "../../read/reader.js";
import { recordLoader } from "../../read/records.js";
import type { PersonRow } from "../people/reads.js";
import {
  type IssueRecord,
  type ItemRow,
  issuesByIds,
  itemsBySectionIds,
  peopleByItemIds,
  type SectionRow,
  sectionsByIssueIds,
} from "./reads.js";

export type IssueNode = IssueRecord & { __typename: "Issue" };

/** Issues by id, as the reader may see them. */
export const issueRecords = (r: Reader) =>
  recordLoader(r, "Issue", (ids) => issuesByIds(r.db, ids, r.visibility));

export function issueLoaders(r: Reader) {
  return {
    sections: new DataLoader<number, SectionRow[]>(async (ids) =>
      alignMany(ids, await sectionsByIssueIds(r.db, ids), (row) => row.issueId),
    ),
    items: new DataLoader<number, ItemRow[]>(async (ids) =>
      alignMany(ids, await itemsBySectionIds(r.db, ids), (row) => row.sectionId),
    ),
    itemPeople: new DataLoader<number, PersonRow[]>(async (ids) => {
      r.cacheTags.shared();
      return alignMany(ids, await peopleByItemIds(r.db, ids), (row) => row.itemId).map((rows) =>
        rows.map((row) => row.person),
      );
    }),
  };
}
