import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { people } from "./table.js";

/** A person as stored. */
export interface PersonWrite {
  slug: string;
  name: string;
  bio?: string | null;
  url?: string | null;
}

const values = (p: PersonWrite) => ({
  slug: p.slug,
  name: p.name,
  bio: p.bio ?? null,
  url: p.url ?? null,
});

/** Insert people that are missing (by slug); existing rows are left as they are. */
export async function insertMissingPeople(db: Db, inputs: readonly PersonWrite[]): Promise<void> {
  if (inputs.length === 0) return;
  await db.insert(people).values(inputs.map(values)).onConflictDoNothing({ target: people.slug });
}

export async function insertPerson(db: Db, person: PersonWrite): Promise<number> {
  const [row] = await db.insert(people).values(values(person)).returning({ id: people.id });
  return row?.id as number;
}

export async function updatePersonRow(db: Db, id: number, person: PersonWrite): Promise<void> {
  await db.update(people).set(values(person)).where(eq(people.id, id));
}

/** True when a row was deleted. Refused by the database while an entry names the person. */
export async function deletePersonRow(db: Db, id: number): Promise<boolean> {
  const rows = await db.delete(people).where(eq(people.id, id)).returning({ id: people.id });
  return rows.length > 0;
}
