import { and, type Column, eq, gt, inArray, type SQL, sql, type Table } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { type JsonRow, jsonList, jsonRows, rowFromJson, rowJson } from "../../db/json-rows.js";
import { cannotMatch } from "../../db/sql.js";
import { UnknownReferenceError } from "../../errors.js";
import { nameSearchSql } from "../name-search.js";
import { people } from "./table.js";

export type PersonRow = typeof people.$inferSelect;

/** slug → { id, name } for the given people; throws UnknownReferenceError naming any missing slug. */
export async function resolvePeople(
  db: Db,
  slugs: readonly string[],
): Promise<Map<string, { id: number; name: string }>> {
  const wanted = [...new Set(slugs)];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: people.id, slug: people.slug, name: people.name })
    .from(people)
    .where(inArray(people.slug, wanted));
  const map = new Map(rows.map((r) => [r.slug, { id: r.id, name: r.name }]));
  const missing = wanted.filter((s) => !map.has(s));
  if (missing.length > 0) throw new UnknownReferenceError("person", missing);
  return map;
}

/** People by id, in no particular order (loaders realign). */
export function peopleByIds(db: Db, ids: readonly number[]): Promise<PersonRow[]> {
  return db
    .select()
    .from(people)
    .where(inArray(people.id, [...ids]));
}

/** A page of people in slug order after `after`; with `search`, only those it finds (../name-search.ts). */
export function peoplePage(
  db: Db,
  after: string | undefined,
  limit: number,
  search?: string | null,
): Promise<PersonRow[]> {
  return db
    .select()
    .from(people)
    .where(
      and(
        after === undefined ? undefined : gt(people.slug, after),
        nameSearchSql(people.name, people.slug, search),
      ),
    )
    .orderBy(people.slug)
    .limit(limit);
}

export async function countPeople(db: Db, search?: string | null): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(people)
    .where(nameSearchSql(people.name, people.slug, search));
  return row?.n ?? 0;
}

export async function personBySlug(db: Db, slug: string): Promise<PersonRow | null> {
  if (cannotMatch(slug)) return null;
  const [row] = await db.select().from(people).where(eq(people.slug, slug)).limit(1);
  return row ?? null;
}

/** Lock a person's row for an update (concurrent edits queue up). */
export async function lockPerson(db: Db, id: number): Promise<PersonRow | null> {
  const [row] = await db.select().from(people).where(eq(people.id, id)).for("update");
  return row ?? null;
}

/**
 * The people a parent row links to, as a JSON list in link order, for reading inside the
 * parent's statement: `link` is the link table, `personId` its column naming the person,
 * `where` ties it to the parent, `order` is its position.
 */
export function peopleJson(
  link: Table,
  personId: Column,
  where: SQL,
  order: Column,
): SQL<JsonRow[]> {
  return jsonList(
    rowJson(people),
    // Each person by its key, row by row: as a plain join over the few links the planner
    // hashes the whole people table once per parent row (98 sessions: 3.7 of 4.2 ms).
    // `offset 0` keeps the lateral subquery from being flattened back into that join.
    sql`from ${link} cross join lateral (select * from ${people} where ${people.id} = ${personId} offset 0) ${people} where ${where}`,
    sql`${order}`,
  );
}

/** People read back from `peopleJson`. */
export function peopleFromJson(value: unknown): PersonRow[] {
  return jsonRows(value).map((row) => rowFromJson(people, row));
}
