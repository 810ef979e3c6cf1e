import DataLoader from "dataloader";
import { alignOne } from "./align.js";
import type { Reader } from "./reader.js";

/**
 * A loader of records by id for one reader, each tagged with its GraphQL type name. Every id
 * asked for is recorded (a draft published later must drop a cached "null"); `changes` names
 * the moments a record's public state changes by itself (a poll opens or closes, an event
 * ends), so no cached answer outlives them.
 */
export function recordLoader<R extends { id: number }, N extends string>(
  r: Reader,
  typename: N,
  load: (ids: readonly number[]) => Promise<R[]>,
  changes: (record: R) => (Date | null)[] = () => [],
): DataLoader<number, (R & { __typename: N }) | null> {
  return new DataLoader(async (ids) => {
    for (const id of ids) r.cacheTags.entity(id);
    const rows = await load(ids);
    for (const row of rows) for (const at of changes(row)) r.cacheTags.until(at, r.now);
    return alignOne(
      ids,
      rows.map((row) => ({ ...row, __typename: typename })),
      (row) => row.id,
    );
  });
}
