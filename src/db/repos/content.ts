import { and, eq, inArray, isNull, like, lte, or, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { content, contentTags, tags } from "../tables/content.js";
import { issues } from "../tables/issues.js";
import { weeklyStats } from "../tables/stats.js";
import { chunkRows, keyed } from "./batch.js";
import { UnknownReferenceError } from "./errors.js";
import { cannotMatch } from "./text.js";
import { contentVisible, type Visibility } from "./visibility.js";

export type ContentType = (typeof content.$inferSelect)["type"];
export type ContentStatus = (typeof content.$inferSelect)["status"];
export type DatePrecision = (typeof content.$inferSelect)["publishedAtPrecision"];
export type ContentRow = typeof content.$inferSelect;

/** The content columns readers get (the search columns stay in the database). */
export const contentColumns = {
  id: content.id,
  type: content.type,
  slug: content.slug,
  title: content.title,
  status: content.status,
  publishedAt: content.publishedAt,
  publishedAtPrecision: content.publishedAtPrecision,
  createdAt: content.createdAt,
  updatedAt: content.updatedAt,
  sortAt: content.sortAt,
  revisionOf: content.revisionOf,
};
export type ContentCore = Omit<ContentRow, "searchText" | "searchVector">;

/** Fields every content type shares. */
export interface ContentInput {
  slug: string;
  title: string;
  /** Default draft. Published and scheduled content needs `publishedAt`. */
  status?: ContentStatus;
  publishedAt?: Date | null;
  /** How much of publishedAt the source states (default exact). */
  publishedAtPrecision?: DatePrecision;
  /** Tag slugs; the tags must exist. */
  tags?: readonly string[];
  /** Default: publishedAt, else now. Seeds and imports pass them for reproducible data. */
  createdAt?: Date;
  updatedAt?: Date;
}

/**
 * Insert the shared content rows of one type and their tags.
 * Returns slug → id (slugs are unique per type).
 */
export async function insertContentRows(
  db: Db,
  type: ContentType,
  inputs: readonly { base: ContentInput; searchText: string }[],
): Promise<Map<string, number>> {
  const values = inputs.map(({ base, searchText }) => ({
    type,
    slug: base.slug,
    title: base.title,
    status: base.status ?? "draft",
    publishedAt: base.publishedAt ?? null,
    publishedAtPrecision: base.publishedAtPrecision ?? "exact",
    searchText,
    createdAt: base.createdAt ?? base.publishedAt ?? undefined,
    updatedAt: base.updatedAt ?? base.publishedAt ?? undefined,
  }));
  const ids = new Map<string, number>();
  for (const chunk of chunkRows(values)) {
    const rows = await db
      .insert(content)
      .values(chunk)
      .returning({ id: content.id, slug: content.slug });
    for (const r of rows) ids.set(r.slug, r.id);
  }
  await insertTags(
    db,
    inputs.flatMap(({ base }) => (base.tags ?? []).map((tag) => ({ slug: base.slug, tag }))),
    ids,
  );
  return ids;
}

/** Rewrite a content row's shared fields after an edit; the id, type and status stay. */
export async function updateContentRow(
  db: Db,
  id: number,
  base: Pick<ContentInput, "slug" | "title" | "tags">,
  searchText: string,
  at: Date,
): Promise<void> {
  await db
    .update(content)
    .set({ slug: base.slug, title: base.title, searchText, updatedAt: at })
    .where(eq(content.id, id));
  await db.delete(contentTags).where(eq(contentTags.contentId, id));
  await insertTags(
    db,
    (base.tags ?? []).map((tag) => ({ slug: base.slug, tag })),
    new Map([[base.slug, id]]),
  );
}

async function insertTags(
  db: Db,
  pairs: readonly { slug: string; tag: string }[],
  ids: Map<string, number>,
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
    contentId: ids.get(p.slug) as number,
    tagId: found.get(p.tag)?.id as number,
  }));
  for (const chunk of chunkRows(rows))
    await db.insert(contentTags).values(chunk).onConflictDoNothing();
}

/** slug → id of existing content of one type; throws naming any missing slug. */
export async function contentIdsBySlug(
  db: Db,
  type: ContentType,
  slugs: readonly string[],
): Promise<Map<string, number>> {
  const wanted = [...new Set(slugs)];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: content.id, slug: content.slug })
    .from(content)
    .where(and(eq(content.type, type), inArray(content.slug, wanted)));
  const map = new Map(rows.map((r) => [r.slug, r.id]));
  const missing = wanted.filter((s) => !map.has(s));
  if (missing.length > 0) throw new UnknownReferenceError(type, missing);
  return map;
}

/** Which of these slugs already exist for a type (idempotent seeding). */
export async function existingSlugs(
  db: Db,
  type: ContentType,
  slugs: readonly string[],
): Promise<Set<string>> {
  if (slugs.length === 0) return new Set();
  const rows = await db
    .select({ slug: content.slug })
    .from(content)
    .where(and(eq(content.type, type), inArray(content.slug, [...slugs])));
  return new Set(rows.map((r) => r.slug));
}

/** Id of the visible content of a type with this slug, or null. */
export async function contentIdForSlug(
  db: Db,
  type: ContentType,
  slug: string,
  visibility: Visibility,
): Promise<number | null> {
  if (cannotMatch(slug)) return null;
  const [row] = await db
    .select({ id: content.id })
    .from(content)
    .where(
      and(
        eq(content.type, type),
        eq(content.slug, slug),
        isNull(content.revisionOf),
        contentVisible(visibility),
      ),
    )
    .limit(1);
  return row?.id ?? null;
}

/** Types of the visible content among these ids (for polymorphic references). */
export function contentTypesByIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
): Promise<{ id: number; type: ContentType }[]> {
  return db
    .select({ id: content.id, type: content.type })
    .from(content)
    .where(and(inArray(content.id, [...ids]), contentVisible(visibility)));
}

/** Tags of each content id, by name. */
export function tagsByContentIds(db: Db, ids: readonly number[]) {
  return db
    .select({ contentId: contentTags.contentId, slug: tags.slug, name: tags.name })
    .from(contentTags)
    .innerJoin(tags, eq(tags.id, contentTags.tagId))
    .where(inArray(contentTags.contentId, [...ids]))
    .orderBy(tags.name);
}

/** True when the archive holds no content at all (first start). */
export async function isArchiveEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ id: content.id }).from(content).limit(1);
  return rows.length === 0;
}

export interface LockedContent {
  id: number;
  type: ContentType;
  slug: string;
  status: ContentStatus;
  publishedAt: Date | null;
  updatedAt: Date;
  revisionOf: number | null;
}

/** Read and lock a content row for the rest of the transaction (concurrent edits queue up). */
export async function lockContent(db: Db, id: number): Promise<LockedContent | null> {
  const [row] = await db
    .select({
      id: content.id,
      type: content.type,
      slug: content.slug,
      status: content.status,
      publishedAt: content.publishedAt,
      updatedAt: content.updatedAt,
      revisionOf: content.revisionOf,
    })
    .from(content)
    .where(eq(content.id, id))
    .for("update");
  return row ?? null;
}

export async function setContentStatus(
  db: Db,
  id: number,
  values: { status: ContentStatus; publishedAt: Date | null; updatedAt: Date },
): Promise<void> {
  await db.update(content).set(values).where(eq(content.id, id));
}

/** Delete an entry and what it owns, including an issue's weekly stats (which it only references). */
export async function deleteContentRow(db: Db, id: number): Promise<void> {
  const [owned] = await db
    .select({ statsId: issues.statsId })
    .from(issues)
    .where(eq(issues.contentId, id));
  await db.delete(content).where(eq(content.id, id));
  if (owned?.statsId != null) await db.delete(weeklyStats).where(eq(weeklyStats.id, owned.statsId));
}

/** The pending edit (revision) of an entry, if one exists. */
export async function revisionIdOf(db: Db, originalId: number): Promise<number | null> {
  const [row] = await db
    .select({ id: content.id })
    .from(content)
    .where(eq(content.revisionOf, originalId));
  return row?.id ?? null;
}

/** Mark a freshly created row as the revision of another. */
export async function markRevision(db: Db, id: number, originalId: number): Promise<void> {
  await db.update(content).set({ revisionOf: originalId }).where(eq(content.id, id));
}

/** Slugs of a type equal to `base` or `base-<n>` (to pick a free one). */
export async function slugsLike(db: Db, type: ContentType, base: string): Promise<Set<string>> {
  const rows = await db
    .select({ slug: content.slug })
    .from(content)
    .where(
      and(eq(content.type, type), or(eq(content.slug, base), like(content.slug, `${base}-%`))),
    );
  return new Set(rows.map((r) => r.slug));
}

/**
 * Flip scheduled content whose time has come to published. Atomic, so with several
 * instances each row is flipped (and announced) by exactly one of them.
 */
export async function publishDueContent(db: Db, now: Date): Promise<LockedContent[]> {
  return db
    .update(content)
    .set({ status: "published" })
    .where(
      and(
        eq(content.status, "scheduled"),
        lte(content.publishedAt, now),
        isNull(content.revisionOf),
      ),
    )
    .returning({
      id: content.id,
      type: content.type,
      slug: content.slug,
      status: content.status,
      publishedAt: content.publishedAt,
      updatedAt: content.updatedAt,
      revisionOf: content.revisionOf,
    });
}

/** When the next scheduled entry is due, if any. */
export async function nextDueAt(db: Db): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<Date | string | null>`min(${content.publishedAt})` })
    .from(content)
    .where(eq(content.status, "scheduled"));
  return row?.at ? new Date(row.at) : null;
}

/** ANALYZE every table after a bulk load, so the planner knows their sizes at once. */
export async function analyzeAll(db: Db): Promise<void> {
  await db.execute(sql`analyze`);
}
