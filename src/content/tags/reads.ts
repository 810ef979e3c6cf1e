import { and, eq, exists, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cannotMatch } from "../../db/sql.js";
import { content } from "../../read/table.js";
import { type Visibility, visibleSql } from "../../read/visibility.js";
import { contentTags, tags } from "./table.js";

export interface TagRow {
  slug: string;
  name: string;
}

/**
 * For a reader: the tag carries at least one entry they may see. A tag only drafts carry
 * stays unknown to them (its name can be a codename), on every surface that lists or finds
 * tags. Undefined: no restriction (editors).
 */
function carriesVisible(db: Db, v: Visibility | undefined): SQL | undefined {
  const visible = v ? visibleSql(v) : undefined;
  if (!visible) return undefined;
  return exists(
    db
      .select({ one: sql`1` })
      .from(contentTags)
      .innerJoin(content, eq(content.id, contentTags.contentId))
      .where(and(eq(contentTags.tagId, tags.id), visible)),
  );
}

/** The tag `slug`; with a visibility, only if it carries an entry that viewer may see. */
export async function tagBySlug(
  db: Db,
  slug: string,
  visibility?: Visibility,
): Promise<TagRow | null> {
  if (cannotMatch(slug)) return null;
  const [row] = await db
    .select({ slug: tags.slug, name: tags.name })
    .from(tags)
    .where(and(eq(tags.slug, slug), carriesVisible(db, visibility)))
    .limit(1);
  return row ?? null;
}

/** Every tag; with a visibility, those carrying an entry that viewer may see. */
export function listTags(db: Db, visibility?: Visibility): Promise<TagRow[]> {
  return db
    .select({ slug: tags.slug, name: tags.name })
    .from(tags)
    .where(carriesVisible(db, visibility))
    .orderBy(tags.slug);
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
