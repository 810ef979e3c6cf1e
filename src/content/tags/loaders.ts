import DataLoader from "dataloader";
import { alignMany, alignOne } from "../../read/align.js";
import type { Reader } from "../../read/reader.js";
import { entryCountsByTagSlugs, type TagRow, tagsByEntryIds } from "./reads.js";

export function tagLoaders(r: Reader) {
  return {
    /** Each entry's tags, by name. */
    ofEntry: new DataLoader<number, TagRow[]>(async (ids) => {
      r.cacheTags.shared();
      return alignMany(ids, await tagsByEntryIds(r.db, ids), (row) => row.contentId);
    }),
    /** How many entries the reader may see carry each tag, by slug. */
    entryCount: new DataLoader<string, number>(async (slugs) => {
      r.cacheTags.list(undefined);
      const rows = await entryCountsByTagSlugs(r.db, slugs, r.visibility);
      return alignOne(slugs, rows, (row) => row.slug).map((row) => row?.n ?? 0);
    }),
  };
}
