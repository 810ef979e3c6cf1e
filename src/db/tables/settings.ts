import { pgTable, text } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns.js";

/** Server-wide values every instance must share, e.g. the generated secret when APP_SECRET is unset. */
export const appSettings = pgTable("app_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
});
