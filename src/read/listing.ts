/**
 * Lists of entries: one page, its count, months, the next embargo to lift, lookups by slug.
 * Every list of the API and of the feeds goes through here; a type narrows a list with SQL
 * conditions of its own (`where`), built in its folder.
 */
import {
  and,
  type Column,
  eq,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  ne,
  type SQL,
  sql,
  type Table,
} from "drizzle-orm";
import type { Db } from "../db/client.js";
import { type JsonRow, rowJson } from "../db/json-rows.js";
import { type KeysetPage, keysetOrder, keysetWhere } from "../db/keyset.js";
import { cannotMatch } from "../db/sql.js";
import type { ContentType } from "../registry.js";
import { type ContentStatus, content, entryColumns } from "./table.js";
import { type Visibility, visibleSql } from "./visibility.js";

export interface ContentQuery {
  visibility: Visibility;
  types?: readonly ContentType[];
  /** Inclusive lower and exclusive upper bound on publication time. */
  from?: Date;
  until?: Date;
  /** Editors only: a status filter. */
  status?: readonly ContentStatus[];
  /** Conditions of a type or a shared part (a tag, a person, a poll's status…). */
  where?: readonly SQL[];
}

export interface ListedEntry {
  id: number;
  type: ContentType;
  sortAt: Date;
}

function conditions(q: ContentQuery): (SQL | undefined)[] {
  // Pending edits' copies are reached only through their own id (previews, editors), never in lists.
  const c: (SQL | undefined)[] = [visibleSql(q.visibility), isNull(content.revisionOf)];
  // A client may repeat a type any number of times; the database sees each once.
  const types = q.types ? [...new Set(q.types)] : undefined;
  if (types?.length === 1) c.push(eq(content.type, types[0] as ContentType));
  else if (types && types.length > 1) c.push(inArray(content.type, types));
  if (q.from) c.push(gte(content.sortAt, q.from));
  if (q.until) c.push(lt(content.sortAt, q.until));
  if (q.status?.length) c.push(inArray(content.status, [...new Set(q.status)]));
  c.push(...(q.where ?? []));
  return c;
}

/**
 * WHERE, ORDER BY and LIMIT of one page of `q` over `content`: what a type's own page read
 * (which also selects its columns and nested parts) applies, so every list pages one way.
 */
export function pageClauses(q: ContentQuery, page: KeysetPage) {
  return {
    where: and(...conditions(q), ...keysetWhere(page, content.sortAt, content.id)),
    orderBy: keysetOrder(page, content.sortAt, content.id),
    limit: page.limit,
  };
}

/**
 * One page of entries of any type with each entry's own row as JSON (`detail`, from the table
 * of its type): the timeline's records in one statement.
 */
export function listEntriesWithDetail(
  db: Db,
  clauses: ReturnType<typeof pageClauses>,
  details: readonly { type: ContentType; table: Table; contentId: Column }[],
) {
  const detail = sql.join(
    details.map(
      (d) =>
        sql`when ${d.type} then (select ${rowJson(d.table)} from ${d.table} where ${d.contentId} = ${content.id})`,
    ),
    sql` `,
  );
  return db
    .select({ ...entryColumns, detail: sql<JsonRow | null>`case ${content.type} ${detail} end` })
    .from(content)
    .where(clauses.where)
    .orderBy(...clauses.orderBy)
    .limit(clauses.limit);
}

/** One page of entries, newest first (or oldest first when `page.fromEnd`). */
export function listEntries(db: Db, q: ContentQuery, page: KeysetPage): Promise<ListedEntry[]> {
  const { where, orderBy, limit } = pageClauses(q, page);
  return db
    .select({ id: content.id, type: content.type, sortAt: content.sortAt })
    .from(content)
    .where(where)
    .orderBy(...orderBy)
    .limit(limit);
}

export async function countEntries(db: Db, q: ContentQuery): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(content)
    .where(and(...conditions(q)));
  return row?.n ?? 0;
}

export interface MonthCount {
  month: string;
  type: ContentType;
  n: number;
}

/** Per month (UTC, "YYYY-MM") and type, how many entries are visible; newest month first. */
export async function monthCounts(db: Db, q: ContentQuery): Promise<MonthCount[]> {
  const month = sql<string>`to_char(${content.sortAt} at time zone 'UTC', 'YYYY-MM')`;
  return db
    .select({ month, type: content.type, n: sql<number>`count(*)::int` })
    .from(content)
    .where(and(...conditions(q)))
    .groupBy(month, content.type)
    .orderBy(sql`1 desc`);
}

/**
 * The earliest moment after `now` at which scheduled entries matching `q` go live: caches
 * of anything built from `q` must not outlive it (an embargo lifts on the second). Without
 * `q`, the next embargo of the whole archive.
 */
export async function nextScheduledAt(
  db: Db,
  q: Omit<ContentQuery, "visibility">,
  now: Date,
): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<Date | string | null>`min(${content.publishedAt})` })
    .from(content)
    .where(
      and(
        ...conditions({ ...q, visibility: { kind: "all" } }),
        ne(content.status, "draft"),
        gt(content.publishedAt, now),
      ),
    );
  return row?.at ? new Date(row.at) : null;
}

/** The visible entry of a type with this slug (a WHERE over `content`); null when no slug can match. */
export function slugWhere(type: ContentType, slug: string, visibility: Visibility): SQL | null {
  if (cannotMatch(slug)) return null;
  return and(
    eq(content.type, type),
    eq(content.slug, slug),
    isNull(content.revisionOf),
    visibleSql(visibility),
  ) as SQL;
}

/** Id of the visible entry of a type with this slug, or null. */
export async function entryIdBySlug(
  db: Db,
  type: ContentType,
  slug: string,
  visibility: Visibility,
): Promise<number | null> {
  if (cannotMatch(slug)) return null;
  const [row] = await db
    .select({ id: content.id })
    .from(content)
    .where(
      and(
        eq(content.type, type),
        eq(content.slug, slug),
        isNull(content.revisionOf),
        visibleSql(visibility),
      ),
    )
    .limit(1);
  return row?.id ?? null;
}

/** Types of the visible entries among these ids (to read an entry of unknown type). */
export function entryTypesByIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
): Promise<{ id: number; type: ContentType }[]> {
  return db
    .select({ id: content.id, type: content.type })
    .from(content)
    .where(and(inArray(content.id, [...ids]), visibleSql(visibility)));
}

/**
 * List condition: entries changed (edited or published) at or after `at`, for incremental
 * builds (`updatedAfter` on list filters). Publishing counts: a scheduled entry changes when it
 * goes live, not when it was scheduled.
 */
export function changedSinceSql(at: Date): SQL {
  return sql`greatest(${content.updatedAt}, ${content.publishedAt}) >= ${at.toISOString()}::timestamptz`;
}

/** List condition: entries whose id one of these SELECTs returns (see Person.appearsIn). */
export function idInAnyOf(selects: readonly SQL[]): SQL {
  return sql`${content.id} in (${sql.join([...selects], sql` union `)})`;
}
