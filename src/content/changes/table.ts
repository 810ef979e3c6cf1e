import { sql } from "drizzle-orm";
import { customType, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { timestamptz } from "../../db/columns.js";
import { content, contentType } from "../../read/table.js";

/**
 * A transaction id (64-bit, never wraps). Changes are ordered by the id of the transaction
 * that made them, so a reader can tell which positions can no longer be filled: every
 * transaction below the oldest one still running has finished (see reads.ts).
 */
const xid8 = customType<{ data: string }>({ dataType: () => "xid8" });
const currentXid = sql`pg_current_xact_id()`;

/** The last transaction that changed what readers see of an entry. */
export const contentVersions = pgTable(
  "content_versions",
  {
    contentId: integer("content_id")
      .primaryKey()
      .references(() => content.id, { onDelete: "cascade" }),
    changedXid: xid8("changed_xid").notNull().default(currentXid),
  },
  (t) => [index("content_versions_xid_idx").on(t.changedXid, t.contentId)],
);

/**
 * Tombstones: entries that left public view (unpublished, or deleted while live), so a site
 * that built their pages can remove them. Kept after the entry itself is gone (no foreign
 * key); dropped again when the entry is published anew.
 */
export const contentRemovals = pgTable(
  "content_removals",
  {
    contentId: integer("content_id").primaryKey(),
    type: contentType("type").notNull(),
    slug: text("slug").notNull(),
    removedAt: timestamptz("removed_at").notNull(),
    changedXid: xid8("changed_xid").notNull().default(currentXid),
  },
  (t) => [index("content_removals_xid_idx").on(t.changedXid, t.contentId)],
);
