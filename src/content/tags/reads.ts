import { eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cannotMatch } from "../../db/sql.js";
import { content } from "../../read/table.js";
import { contentTags, tags } from "./table.js";

export interface TagRow {
  slug: string;
  name: string;
}

export async function tagBySlug(db: Db, slug: string): Promise<TagRow | null> {
  if (cannotMatch(slug)) return null;
  const [row] = await db
    .select({ slug: tags.slug, name: tags.name })
    .from(tags)
    .where(eq(tags.slug, slug))
    .limit(1);
  return row ?? null;
}

export function listTags(db: Db): Promise<TagRow[]> {
  return db.select({ slug: tags.slug, name: tags.name }).from(tags).orderBy(tags.slug);
}

/** Tags of each entry, by name. */
export function tagsByEntryIds(db: Db, ids: readonly number[]) {
  return db
    .select({ contentId: contentTags.contentId, slug: tags.slug, name: tags.name })
    .from(contentTags)
    .innerJoin(tags, eq(tags.id, contentTags.tagId))
    .where(inArray(contentTags.contentId, [...ids]))
    .orderBy(tags.name);
}

/** Tag slugs of one entry (what its events announce). */
export async function tagSlugsOf(db: Db, id: number): Promise<string[]> {
  return (await tagsByEntryIds(db, [id])).map((t) => t.slug);
}

/** List condition: entries carrying the tag `slug` (see ContentQuery.where). */
export function taggedSql(slug: string): SQL {
  if (cannotMatch(slug)) return sql`false`;
  return sql`exists (select 1 from ${contentTags} join ${tags} on ${tags.id} = ${contentTags.tagId}
    where ${contentTags.contentId} = ${content.id} and ${tags.slug} = ${slug})`;
}

/** Lock a tag's row for an update (concurrent edits queue up). */
export async function lockTag(db: Db, slug: string) {
  const [row] = await db.select().from(tags).where(eq(tags.slug, slug)).for("update");
  return row ?? null;
}
