import { sql } from "drizzle-orm";
import { check, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";

export const people = pgTable(
  "people",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    bio: text("bio"),
    url: text("url"),
  },
  (t) => [
    uniqueIndex("people_slug_key").on(t.slug),
    check("people_slug_format", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check("people_name_not_blank", sql`length(btrim(${t.name})) > 0`),
  ],
);
