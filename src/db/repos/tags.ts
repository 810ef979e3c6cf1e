import type { Db } from "../client.js";
import { tags } from "../tables/content.js";

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
