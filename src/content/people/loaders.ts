import DataLoader from "dataloader";
import { alignOne } from "../../read/align.js";
import type { Reader } from "../../read/reader.js";
import { type PersonRow, peopleByIds } from "./reads.js";

export type PersonNode = PersonRow & { __typename: "Person" };

/** People are plain rows; tag them for the Node interface's type resolution. */
export const asPerson = (row: PersonRow): PersonNode => ({ ...row, __typename: "Person" });

export function peopleLoaders(r: Reader) {
  return {
    person: new DataLoader<number, PersonRow | null>(async (ids) => {
      r.cacheTags.shared();
      return alignOne(ids, await peopleByIds(r.db, ids), (row) => row.id);
    }),
  };
}
