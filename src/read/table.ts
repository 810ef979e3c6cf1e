import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  check,
  customType,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { timestamptz } from "../db/columns.js";
import { CONTENT_TYPES } from "../registry.js";

/**
 * Every archive entry is one row of `content`; each type's own table holds the rest
 * (class-table inheritance: src/content/<type>/table.ts).
 */
export const contentType = pgEnum("content_type", CONTENT_TYPES);
export const contentStatus = pgEnum("content_status", ["draft", "scheduled", "published"]);
/** How much of `published_at` the source actually states; the rest is a documented placeholder. */
export const datePrecision = pgEnum("date_precision", ["exact", "day", "month"]);

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const content = pgTable(
  "content",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    type: contentType("type").notNull(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    status: contentStatus("status").notNull().default("draft"),
    publishedAt: timestamptz("published_at"),
    publishedAtPrecision: datePrecision("published_at_precision").notNull().default("exact"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    /** Plain text of the body, maintained by the write path; feeds the search vector. */
    searchText: text("search_text").notNull().default(""),
    /** Set on a pending edit of a published entry: a draft copy that replaces it when published. */
    revisionOf: integer("revision_of").references((): AnyPgColumn => content.id, {
      onDelete: "cascade",
    }),
    /** Pagination key: publish time, or creation time for drafts that have none. */
    sortAt: timestamptz("sort_at")
      .notNull()
      .generatedAlwaysAs(sql`coalesce(published_at, created_at)`),
    searchVector: tsvector("search_vector")
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, search_text), 'B')`,
      ),
  },
  (t) => [
    uniqueIndex("content_type_slug_key").on(t.type, t.slug),
    // Keyset pagination of the timeline and of each type, newest first. Ascending on purpose:
    // Postgres uses a row comparison (sort_at, id) < (…) as an index condition on an ascending
    // index (read backwards for newest-first), not on a descending one (found by EXPLAIN).
    index("content_sort_idx").on(t.sortAt, t.id),
    index("content_type_sort_idx").on(t.type, t.sortAt, t.id),
    index("content_search_idx").using("gin", t.searchVector),
    uniqueIndex("content_revision_of_key").on(t.revisionOf),
    check("content_slug_format", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check("content_title_not_blank", sql`length(btrim(${t.title})) > 0`),
    check("content_published_has_time", sql`${t.status} = 'draft' OR ${t.publishedAt} IS NOT NULL`),
  ],
);

export type ContentStatus = (typeof content.$inferSelect)["status"];
export type DatePrecision = (typeof content.$inferSelect)["publishedAtPrecision"];
/** An entry's shared columns as readers get them (the search columns stay in the database). */
export type EntryCore = Omit<typeof content.$inferSelect, "searchText" | "searchVector">;

/** The shared columns every type's read selects alongside its own. */
export const entryColumns = {
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
