import { pgTable, text } from "drizzle-orm/pg-core";
import { timestamptz } from "../db/columns.js";

/**
 * The version of each feed document last served (by its feed-cache key): a hash of what it
 * says and since when. Its Last-Modified then moves forward whenever the document changes,
 * even when the change is an entry leaving it (unpublished, deleted), which the remaining
 * entries' own times cannot show. Derived data: not archived.
 */
export const feedVersions = pgTable("feed_versions", {
  key: text("key").primaryKey(),
  contentHash: text("content_hash").notNull(),
  lastModified: timestamptz("last_modified").notNull(),
});
