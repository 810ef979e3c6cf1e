/**
 * Writes of the row every entry shares (`content`) and of its tags; each type's writes call
 * these, then write their own tables. The lifecycle's own statements are in lifecycle-store.ts.
 */
import { and, eq, inArray, like, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { chunkRows } from "../../db/sql.js";
import { UnknownReferenceError } from "../../errors.js";
import { type ContentStatus, content, type DatePrecision } from "../../read/table.js";
import type { ContentType } from "../../registry.js";
import { searchable } from "../../text/search-text.js";
import { clearAuthors, writeAuthors } from "../authors/writes.js";
import { tagEntries, untagEntry } from "../tags/writes.js";

/** Fields every content type's write shape shares. */
export interface EntryWrite {
  slug: string;
  title: string;
  /** Default draft. Published and scheduled content needs `publishedAt`. */
  status?: ContentStatus;
  publishedAt?: Date | null;
  /** How much of publishedAt the source states (default exact). */
  publishedAtPrecision?: DatePrecision;
  /** Tag slugs; the tags must exist. */
  tags?: readonly string[];
  /** Person slugs of the byline, in order; the people must exist. */
  authors?: readonly string[];
  /** Default: publishedAt, else now. Seeds and imports pass them for reproducible data. */
  createdAt?: Date;
  updatedAt?: Date;
}

/**
 * Insert the shared rows of entries of one type, with their tags.
 * Returns slug → id (slugs are unique per type).
 */
export async function insertEntryRows(
  db: Db,
  type: ContentType,
  inputs: readonly { base: EntryWrite; searchText: string }[],
): Promise<Map<string, number>> {
  const values = inputs.map(({ base, searchText }) => ({
    type,
    slug: base.slug,
    title: base.title,
    status: base.status ?? "draft",
    publishedAt: base.publishedAt ?? null,
    publishedAtPrecision: base.publishedAtPrecision ?? "exact",
    searchText: searchable(searchText),
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
  await tagEntries(
    db,
    inputs.flatMap(({ base }) =>
      (base.tags ?? []).map((tag) => ({ contentId: ids.get(base.slug) as number, tag })),
    ),
  );
  await writeAuthors(
    db,
    inputs.map(({ base }) => ({
      contentId: ids.get(base.slug) as number,
      authors: base.authors ?? [],
    })),
  );
  return ids;
}

/** Rewrite an entry's shared fields after an edit; the id, type and status stay. */
export async function updateEntryRow(
  db: Db,
  id: number,
  base: Pick<EntryWrite, "slug" | "title" | "tags" | "authors">,
  searchText: string,
  at: Date,
): Promise<void> {
  await db
    .update(content)
    .set({ slug: base.slug, title: base.title, searchText: searchable(searchText), updatedAt: at })
    .where(eq(content.id, id));
  await untagEntry(db, id);
  await tagEntries(
    db,
    (base.tags ?? []).map((tag) => ({ contentId: id, tag })),
  );
  await clearAuthors(db, id);
  await writeAuthors(db, [{ contentId: id, authors: base.authors ?? [] }]);
}

/** slug → id of existing entries of one type; throws naming any missing slug. */
export async function entryIdsBySlug(
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

/** True when the archive holds no entry at all (first start). */
export async function isArchiveEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ id: content.id }).from(content).limit(1);
  return rows.length === 0;
}

/** ANALYZE every table after a bulk load, so the planner knows their sizes at once. */
export async function analyzeAll(db: Db): Promise<void> {
  await db.execute(sql`analyze`);
}
