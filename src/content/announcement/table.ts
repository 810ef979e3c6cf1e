import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text, unique } from "drizzle-orm/pg-core";
import { content } from "../../read/table.js";
import { people } from "../people/table.js";

export const announcementKind = pgEnum("announcement_kind", [
  "press_release",
  "feature_list",
  "news",
]);

export const announcements = pgTable("announcements", {
  contentId: integer("content_id")
    .primaryKey()
    .references(() => content.id, { onDelete: "cascade" }),
  kind: announcementKind("kind").notNull(),
  dateline: text("dateline"),
  summary: text("summary"),
  bodyMd: text("body_md"),
  sourceUrl: text("source_url"),
});

export const highlights = pgTable(
  "highlights",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    announcementId: integer("announcement_id")
      .notNull()
      .references(() => announcements.contentId, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    detail: text("detail"),
  },
  (t) => [
    unique("highlights_position_key").on(t.announcementId, t.position),
    check("highlights_position_nonneg", sql`${t.position} >= 0`),
  ],
);

export const highlightLinks = pgTable(
  "highlight_links",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    highlightId: integer("highlight_id")
      .notNull()
      .references(() => highlights.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    url: text("url").notNull(),
  },
  (t) => [unique("highlight_links_position_key").on(t.highlightId, t.position)],
);

export const quotes = pgTable(
  "quotes",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    announcementId: integer("announcement_id")
      .notNull()
      .references(() => announcements.contentId, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    text: text("text").notNull(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "restrict" }),
    role: text("role"),
  },
  (t) => [
    unique("quotes_position_key").on(t.announcementId, t.position),
    index("quotes_person_idx").on(t.personId),
  ],
);
