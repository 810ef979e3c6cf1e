import DataLoader from "dataloader";
import { alignOne } from "../../read/align.js";
import type { Reader } from "../../read/reader.js";
import { wordCountsByIds } from "./reads.js";

export function cardLoaders(r: Reader) {
  return {
    /** Words of each entry's text, for its reading time (entries the reader already sees). */
    words: new DataLoader<number, number>(async (ids) =>
      alignOne(ids, await wordCountsByIds(r.db, ids), (row) => row.id).map(
        (row) => row?.words ?? 0,
      ),
    ),
  };
}
