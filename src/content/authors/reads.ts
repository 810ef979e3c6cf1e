import { asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { PersonRow } from "../people/reads.js";
import { people } from "../people/table.js";
import { contentAuthors } from "./table.js";

/** Each entry's authors, in byline order. */
export async function authorsByEntryIds(
  db: Db,
  ids: readonly number[],
): Promise<{ contentId: number; person: PersonRow }[]> {
  return db
    .select({ contentId: contentAuthors.contentId, person: people })
    .from(contentAuthors)
    .innerJoin(people, eq(people.id, contentAuthors.personId))
    .where(inArray(contentAuthors.contentId, [...ids]))
    .orderBy(asc(contentAuthors.contentId), asc(contentAuthors.position));
}

/** Author slugs of one entry, in byline order (its input shape). */
export async function authorSlugsOf(db: Db, id: number): Promise<string[]> {
  return (await authorsByEntryIds(db, [id])).map((a) => a.person.slug);
}

/** A SELECT of the ids of entries the person wrote (Person.appearsIn). */
export const authoredBy = (personId: number): SQL =>
  sql`select ${contentAuthors.contentId} from ${contentAuthors} where ${contentAuthors.personId} = ${personId}`;
