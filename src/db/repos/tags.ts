import { eq } from "drizzle-orm";
import type { Db } from "../client.js";
import { tags } from "../tables/content.js";
import { cannotMatch } from "./text.js";

export interface TagInput {
  slug: string;
  name: string;
}

/** Insert missing tags by slug. */
export async function insertMissingTags(db: Db, inputs: readonly TagInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await db
    .insert(tags)
    .values([...inputs])
    .onConflictDoNothing({ target: tags.slug });
}

export async function tagBySlug(db: Db, slug: string): Promise<TagInput | null> {
  if (cannotMatch(slug)) return null;
  const [row] = await db
    .select({ slug: tags.slug, name: tags.name })
    .from(tags)
    .where(eq(tags.slug, slug))
    .limit(1);
  return row ?? null;
}

export function listTags(db: Db): Promise<TagInput[]> {
  return db.select({ slug: tags.slug, name: tags.name }).from(tags).orderBy(tags.slug);
}
