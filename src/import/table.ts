import { integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamptz } from "../db/columns.js";
import { content } from "../read/table.js";

/**
 * Where an imported entry came from, so a second import of the same source finds it again:
 * `source` names the site or feed ("wordpress:https://example.org", "feed:urn:uuid:…"),
 * `source_id` the item in it (a WordPress post id, a feed guid). Only entries with a row here
 * are ever changed by an import; editors' own entries have none.
 */
export const importSources = pgTable(
  "import_sources",
  {
    contentId: integer("content_id")
      .primaryKey()
      .references(() => content.id, { onDelete: "cascade" }),
    source: text("source").notNull(),
    sourceId: text("source_id").notNull(),
    /** SHA-256 of what the import wrote: an unchanged source item is skipped. */
    checksum: text("checksum").notNull(),
    /** The entry's updated_at as the import left it: a later value means an editor changed it. */
    writtenAt: timestamptz("written_at").notNull(),
  },
  (t) => [uniqueIndex("import_sources_source_key").on(t.source, t.sourceId)],
);
