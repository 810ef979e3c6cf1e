import { and, eq, exists, gt, inArray, isNull, ne, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type Db, rowsOf } from "../../db/client.js";
import { cannotMatch } from "../../db/sql.js";
import { content } from "../../read/table.js";
import { type Visibility, visibleSql } from "../../read/visibility.js";
import type { ContentType } from "../../registry.js";
import { nameSearchSql } from "../name-search.js";
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

/** A page of tags in slug order after `after`, as visible; with `search`, only those it finds. */
export function tagPage(
  db: Db,
  visibility: Visibility,
  after: string | undefined,
  limit: number,
  search?: string | null,
): Promise<TagRow[]> {
  return db
    .select({ slug: tags.slug, name: tags.name })
    .from(tags)
    .where(
      and(
        after === undefined ? undefined : gt(tags.slug, after),
        carriesVisible(db, visibility),
        nameSearchSql(tags.name, tags.slug, search),
      ),
    )
    .orderBy(tags.slug)
    .limit(limit);
}

export async function countTags(
  db: Db,
  visibility: Visibility,
  search?: string | null,
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(tags)
    .where(and(carriesVisible(db, visibility), nameSearchSql(tags.name, tags.slug, search)));
  return row?.n ?? 0;
}

/** How many entries the viewer may see carry each of these tags (lists' own rule: no pending edits). */
export function entryCountsByTagSlugs(db: Db, slugs: readonly string[], visibility: Visibility) {
  return db
    .select({ slug: tags.slug, n: sql<number>`count(*)::int` })
    .from(contentTags)
    .innerJoin(tags, eq(tags.id, contentTags.tagId))
    .innerJoin(content, eq(content.id, contentTags.contentId))
    .where(and(inArray(tags.slug, [...slugs]), isNull(content.revisionOf), visibleSql(visibility)))
    .groupBy(tags.slug);
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

/** At most this many related entries per entry. */
export const MAX_RELATED = 20;

/**
 * Entries related to each of `ids`, best first: those sharing the most tags, then the newest;
 * filled up with the newest entries of the same type. Among what the reader may see, never
 * the entry itself; one statement for any number of entries, each entry's list in order.
 */
export async function relatedByIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
  limit: number,
): Promise<{ of: number; id: number; type: ContentType }[]> {
  const of = alias(content, "of");
  const r = alias(content, "r");
  const filler = alias(content, "filler");
  const a = alias(contentTags, "a");
  const b = alias(contentTags, "b");
  // Aliases render as their name alone in raw SQL: FROM names the table before each one.
  const as = (table: SQL, alias: string) => sql`${table} ${sql.identifier(alias)}`;
  const contentTable = sql`${content}`;
  const tagsTable = sql`${contentTags}`;
  const shared = sql`select ${b.contentId} as id, count(*)::int as shared from ${as(tagsTable, "a")}
    join ${as(tagsTable, "b")} on ${b.tagId} = ${a.tagId}
    where ${a.contentId} = ${of.id} and ${b.contentId} <> ${of.id} group by ${b.contentId}`;
  const newest = sql`select ${filler.id} as id, 0 as shared from ${as(contentTable, "filler")}
    where ${and(eq(filler.type, of.type), ne(filler.id, of.id), isNull(filler.revisionOf), visibleSql(visibility, filler))}
    order by ${filler.sortAt} desc, ${filler.id} desc limit ${limit}`;
  const result = await db.execute(sql`
    select ${of.id} as "of", t.id, t.type from ${as(contentTable, "of")} cross join lateral (
      select ${r.id} as id, ${r.type} as type, ${r.sortAt} as sort_at, max(k.shared) as shared
      from (${shared} union all (${newest})) k join ${as(contentTable, "r")} on ${r.id} = k.id
      where ${and(isNull(r.revisionOf), visibleSql(visibility, r))}
      group by ${r.id}
      order by max(k.shared) desc, ${r.sortAt} desc, ${r.id} desc
      limit ${limit}
    ) t
    where ${inArray(of.id, [...ids])}
    order by ${of.id}, t.shared desc, t.sort_at desc, t.id desc`);
  const rows = rowsOf<{ of: number; id: number; type: ContentType }>(result);
  return rows.map((row) => ({ of: Number(row.of), id: Number(row.id), type: row.type }));
}
