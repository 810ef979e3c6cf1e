import DataLoader from "dataloader";
import { alignMany } from "../../read/align.js";
import type { Reader } from "../../read/reader.js";
import { type TagRow, tagsByEntryIds } from "./reads.js";

export function tagLoaders(r: Reader) {
  return {
    /** Each entry's tags, by name. */
    ofEntry: new DataLoader<number, TagRow[]>(async (ids) => {
      r.cacheTags.shared();
      return alignMany(ids, await tagsByEntryIds(r.db, ids), (row) => row.contentId);
    }),
  };
}
