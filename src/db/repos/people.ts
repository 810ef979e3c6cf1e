import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { people } from "../tables/people.js";
import { UnknownReferenceError } from "./errors.js";
import { cannotMatch } from "./text.js";

export interface PersonInput {
  slug: string;
  name: string;
  bio?: string | null;
  url?: string | null;
}

export type PersonRow = typeof people.$inferSelect;

/** Insert people that are missing (by slug); existing rows are left as they are. */
export async function insertMissingPeople(db: Db, inputs: readonly PersonInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await db
    .insert(people)
    .values(
      inputs.map((p) => ({ slug: p.slug, name: p.name, bio: p.bio ?? null, url: p.url ?? null })),
    )
    .onConflictDoNothing({ target: people.slug });
}

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

export async function countPeople(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(people);
  return row?.n ?? 0;
}

export async function personBySlug(db: Db, slug: string): Promise<PersonRow | null> {
  if (cannotMatch(slug)) return null;
  const [row] = await db.select().from(people).where(eq(people.slug, slug)).limit(1);
  return row ?? null;
}
