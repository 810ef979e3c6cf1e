import DataLoader from "dataloader";
import type { Column, Table } from "drizzle-orm";
import { rowFromJson } from "../db/json-rows.js";
import { alignOne } from "./align.js";
import type { Reader, RecordDetail } from "./reader.js";
import type { EntryCore } from "./table.js";

/** A type's records by id for one reader, and a way to hand it rows read some other way. */
export interface RecordLoaders<R extends { id: number }, N extends string> {
  (r: Reader): DataLoader<number, (R & { __typename: N }) | null>;
  /** Rows read with their page (one statement for a list and its nodes), as loads would record them. */
  prime(r: Reader, rows: readonly R[]): void;
}

/**
 * Loaders of records by id, each tagged with its GraphQL type name. Every id asked for is
 * recorded (a draft published later must drop a cached "null"); `changes` names the moments a
 * record's public state changes by itself (a poll opens or closes, an event ends), so no
 * cached answer outlives them. Primed rows are recorded the same way.
 */
export function recordLoaders<R extends { id: number }, N extends string>(
  typename: N,
  load: (r: Reader, ids: readonly number[]) => Promise<R[]>,
  changes: (record: R) => (Date | null)[] = () => [],
): RecordLoaders<R, N> {
  const record = (r: Reader, row: R) => {
    for (const at of changes(row)) r.cacheTags.until(at, r.now);
    return { ...row, __typename: typename };
  };
  const factory = (r: Reader) =>
    new DataLoader<number, (R & { __typename: N }) | null>(async (ids) => {
      for (const id of ids) r.cacheTags.entity(id);
      const rows = await load(r, ids);
      return alignOne(
        ids,
        rows.map((row) => record(r, row)),
        (row) => row.id,
      );
    });
  const prime = (r: Reader, rows: readonly R[]) => {
    const loader = r.use(factory);
    for (const row of rows) {
      r.cacheTags.entity(row.id);
      loader.prime(row.id, record(r, row));
    }
  };
  return Object.assign(factory, { prime });
}

/** How a type's records read as JSON beside `content` are primed (see RecordDetail). */
export function recordDetail<T extends Table, R extends { id: number }, N extends string>(
  table: T,
  contentId: Column,
  records: RecordLoaders<R, N>,
  toRecord: (core: EntryCore, row: T["$inferSelect"]) => R,
): RecordDetail {
  return {
    table,
    contentId,
    prime: (r, core, json) => records.prime(r, [toRecord(core, rowFromJson(table, json))]),
  };
}
