/** Helpers every repository shares: statement chunking, keyed results, impossible lookups. */
/** Postgres accepts at most 65,535 bind parameters per statement; stay well under. */
const MAX_PARAMS = 30_000;

/** Split rows so that each insert statement stays under the bind-parameter limit. */
export function chunkRows<T extends object>(rows: readonly T[]): T[][] {
  if (rows.length === 0) return [];
  const width = Math.max(1, Object.keys(rows[0] as object).length);
  const size = Math.max(1, Math.floor(MAX_PARAMS / width));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Index rows by a key; throws on a key the caller expected but the database did not return. */
export function keyed<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T> {
  return new Map(rows.map((r) => [key(r), r]));
}

/** Look a key up in a map that must hold it (ids just returned by an insert). */
export function must<K, V>(map: Map<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`internal: ${what} ${String(key)} was not inserted`);
  return value;
}

/**
 * Postgres text cannot hold a NUL character and refuses such a parameter outright, so a
 * lookup by a string holding one could only ever find nothing: say so without asking.
 */
export const cannotMatch = (value: string): boolean => value.includes("\u0000");
