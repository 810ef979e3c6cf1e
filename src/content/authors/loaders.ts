import DataLoader from "dataloader";
import { alignMany } from "../../read/align.js";
import type { Reader } from "../../read/reader.js";
import type { PersonRow } from "../people/reads.js";
import { authorsByEntryIds } from "./reads.js";

export function authorLoaders(r: Reader) {
  return {
    /** Each entry's authors, in byline order. */
    ofEntry: new DataLoader<number, PersonRow[]>(async (ids) => {
      r.cacheTags.shared();
      const rows = await authorsByEntryIds(r.db, ids);
      return alignMany(ids, rows, (row) => row.contentId).map((list) => list.map((a) => a.person));
    }),
  };
}
