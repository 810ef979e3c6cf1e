import type { Key, KeysetPage } from "../db/keyset.js";
import { clientError } from "../errors.js";

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: () => Promise<number>;
}

/**
 * Cursor kinds: content (time, id), search (rank, id), position (sessions), week (stats), slug
 * (directories), change (transaction, id).
 */
type CursorTag = "c" | "s" | "p" | "w" | "n" | "x";

function encode(tag: CursorTag, parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify([tag, ...parts])).toString("base64url");
}

function decode(tag: CursorTag, cursor: string, argName: string): unknown[] {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw new Error("shape");
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed[0] !== tag) {
    throw clientError(
      "BAD_CURSOR",
      `Invalid cursor in "${argName}": use a cursor this connection returned.`,
      {
        argumentName: argName,
      },
    );
  }
  return parsed.slice(1);
}

const MAX_ID = 2_147_483_647;
const FLOAT4_MAX = 3.4028234663852886e38;
const isId = (v: unknown): v is number =>
  Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= MAX_ID;
/** An instant the database can hold and clients can send back (years 1–9999). */
const isStorable = (d: Date | null): d is Date =>
  d !== null && !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999;

function invalid(argName: string): never {
  throw clientError(
    "BAD_CURSOR",
    `Invalid cursor in "${argName}": use a cursor this connection returned.`,
    {
      argumentName: argName,
    },
  );
}

/** Cursor codec for lists ordered by (instant, id). */
export const timeCursor = {
  encode: (key: Key) => encode("c", [key.at.toISOString(), key.id]),
  decode(cursor: string, argName: string): Key {
    const [at, id] = decode("c", cursor, argName);
    const date = typeof at === "string" ? new Date(at) : null;
    if (!isStorable(date) || !isId(id)) invalid(argName);
    return { at: date, id };
  },
};

/** Cursor codec for weekly stats, ordered by (week start, id). */
export const weekCursor = {
  encode: (key: Key) => encode("w", [key.at.toISOString().slice(0, 10), key.id]),
  decode(cursor: string, argName: string): Key {
    const [day, id] = decode("w", cursor, argName);
    const date =
      typeof day === "string" && /^\d{4}-\d{2}-\d{2}$/.test(day)
        ? new Date(`${day}T00:00:00Z`)
        : null;
    if (!date || Number.isNaN(date.getTime()) || !Number.isSafeInteger(id)) invalid(argName);
    return { at: date, id: id as number };
  },
};

/** Cursor codec for search hits, ordered by (rank, id). */
export const rankCursor = {
  encode: (rank: number, id: number) => encode("s", [rank, id]),
  decode(cursor: string, argName: string): { rank: number; id: number } {
    const [rank, id] = decode("s", cursor, argName);
    // Ranks are Postgres reals (ts_rank): never negative, never beyond float4's range.
    if (typeof rank !== "number" || !(rank >= 0 && rank <= FLOAT4_MAX) || !isId(id))
      invalid(argName);
    return { rank, id };
  },
};

/** Cursor codec for ordered children (event sessions), by position. */
export const positionCursor = {
  encode: (position: number) => encode("p", [position]),
  decode(cursor: string, argName: string): number {
    const [position] = decode("p", cursor, argName);
    if (
      !Number.isSafeInteger(position) ||
      (position as number) < 0 ||
      (position as number) > MAX_ID
    )
      invalid(argName);
    return position as number;
  },
};

/** Cursor codec for directories in slug order (tags, people). */
export const slugCursor = {
  encode: (slug: string) => encode("n", [slug]),
  decode(cursor: string, argName: string): string {
    const [slug] = decode("n", cursor, argName);
    if (typeof slug !== "string" || slug.length === 0 || slug.length > 200) invalid(argName);
    return slug as string;
  },
};

/**
 * A directory page in slug order (first/after only): reads `size + 1` rows after the cursor's
 * slug and returns them as a connection.
 */
export async function slugConnection<R extends { slug: string }, N>(
  args: { first?: number | null; after?: string | null },
  read: (after: string | undefined, limit: number) => Promise<R[]>,
  node: (row: R) => N,
  totalCount: () => Promise<number>,
): Promise<Connection<N>> {
  const size = pageSize(args, MAX_PAGE_SIZE);
  const after = args.after != null ? slugCursor.decode(args.after, "after") : undefined;
  const rows = await read(after, size + 1);
  const cursorOf = (r: R) => slugCursor.encode(r.slug);
  return toConnection(rows, { size, fromEnd: false }, args, cursorOf, rows.map(node), totalCount);
}

/** Cursor codec for the changes feed: the changing transaction's id (decimal text) and the entry's. */
export const changeCursor = {
  encode: (key: { xid: string; id: number }) => encode("x", [key.xid, key.id]),
  decode(cursor: string, argName: string): { xid: string; id: number } {
    const [xid, id] = decode("x", cursor, argName);
    // xid8 is unsigned 64-bit: at most 20 digits.
    if (typeof xid !== "string" || !/^\d{1,20}$/.test(xid) || !isId(id)) invalid(argName);
    return { xid: xid as string, id: id as number };
  },
};

/** Validated page size: `first`/`last` between 0 and MAX_PAGE_SIZE, not both. */
export function pageSize(args: ConnectionArgs, defaultSize = DEFAULT_PAGE_SIZE): number {
  if (args.first != null && args.last != null) {
    throw clientError("BAD_USER_INPUT", 'Pass "first" or "last", not both.');
  }
  for (const name of ["first", "last"] as const) {
    const n = args[name];
    if (n != null && (n < 0 || n > MAX_PAGE_SIZE)) {
      throw clientError(
        "PAGE_SIZE_OUT_OF_RANGE",
        `"${name}" must be between 0 and ${MAX_PAGE_SIZE}, got ${n}.`,
        {
          argumentName: name,
          max: MAX_PAGE_SIZE,
        },
      );
    }
  }
  return args.first ?? args.last ?? defaultSize;
}

/** Keyset page for a newest-first list, from Relay arguments. */
export function keysetPage(
  args: ConnectionArgs,
  decodeKey: (cursor: string, arg: string) => Key,
): KeysetPage & { size: number } {
  const size = pageSize(args);
  return {
    size,
    limit: size + 1,
    fromEnd: args.last != null,
    after: args.after != null ? decodeKey(args.after, "after") : undefined,
    before: args.before != null ? decodeKey(args.before, "before") : undefined,
  };
}

/**
 * Turn the rows of a keyset page (fetched with one extra row) into a connection.
 * Rows come newest first, or oldest first when the page was read from the end.
 */
export function toConnection<R, N>(
  rows: readonly R[],
  page: { size: number; fromEnd: boolean },
  args: ConnectionArgs,
  cursorOf: (row: R) => string,
  nodes: readonly (N | null)[],
  totalCount: () => Promise<number>,
): Connection<N> {
  const more = rows.length > page.size;
  const edges: { cursor: string; node: N }[] = [];
  rows.slice(0, page.size).forEach((row, i) => {
    // A row that vanished between the page query and its load (deleted, unpublished) is skipped.
    const node = nodes[i];
    if (node != null) edges.push({ cursor: cursorOf(row), node });
  });
  if (page.fromEnd) edges.reverse();
  return {
    edges,
    pageInfo: {
      hasNextPage: page.fromEnd ? args.before != null : more,
      hasPreviousPage: page.fromEnd ? more : args.after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
