import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { chunkRows, keyed } from "../../db/sql.js";
import { UnknownReferenceError } from "../../errors.js";
import type { TagRow } from "./reads.js";
import { contentTags, tags } from "./table.js";

/** Insert missing tags by slug. */
export async function insertMissingTags(db: Db, inputs: readonly TagRow[]): Promise<void> {
  if (inputs.length === 0) return;
  await db
    .insert(tags)
    .values([...inputs])
    .onConflictDoNothing({ target: tags.slug });
}

export async function insertTag(db: Db, tag: TagRow): Promise<void> {
  await db.insert(tags).values(tag);
}

export async function updateTagRow(db: Db, id: number, tag: TagRow): Promise<void> {
  await db.update(tags).set(tag).where(eq(tags.id, id));
}

/** True when a row was deleted; entries lose the tag (labels, not content). */
export async function deleteTagRow(db: Db, slug: string): Promise<boolean> {
  const rows = await db.delete(tags).where(eq(tags.slug, slug)).returning({ id: tags.id });
  return rows.length > 0;
}

/** Tag entries (by id) with tags (by slug); the tags must exist. */
export async function tagEntries(
  db: Db,
  pairs: readonly { contentId: number; tag: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  const wanted = [...new Set(pairs.map((p) => p.tag))];
  const found = keyed(
    await db.select({ id: tags.id, slug: tags.slug }).from(tags).where(inArray(tags.slug, wanted)),
    (t) => t.slug,
  );
  const missing = wanted.filter((t) => !found.has(t));
  if (missing.length > 0) throw new UnknownReferenceError("tag", missing);
  const rows = pairs.map((p) => ({
    contentId: p.contentId,
    tagId: found.get(p.tag)?.id as number,
  }));
  for (const chunk of chunkRows(rows))
    await db.insert(contentTags).values(chunk).onConflictDoNothing();
}

/** Drop every tag of an entry (before it is tagged anew). */
export async function untagEntry(db: Db, contentId: number): Promise<void> {
  await db.delete(contentTags).where(eq(contentTags.contentId, contentId));
}
