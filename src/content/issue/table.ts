import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { content } from "../../read/table.js";
import { people } from "../people/table.js";
import { weeklyStats } from "../stats/table.js";

export const sectionKind = pgEnum("section_kind", [
  "news",
  "events",
  "products",
  "members",
  "stats",
  "other",
]);

export const issues = pgTable(
  "issues",
  {
    contentId: integer("content_id")
      .primaryKey()
      .references(() => content.id, { onDelete: "cascade" }),
    volume: integer("volume").notNull(),
    number: integer("number").notNull(),
    summary: text("summary"),
    introMd: text("intro_md"),
    fullNewsletterUrl: text("full_newsletter_url"),
    statsId: integer("stats_id").references(() => weeklyStats.id, { onDelete: "set null" }),
    /** A pending edit's copy (its content row has revision_of): exempt from (volume, number) uniqueness. */
    revision: boolean("revision").notNull().default(false),
  },
  (t) => [
    uniqueIndex("issues_volume_number_key").on(t.volume, t.number).where(sql`not ${t.revision}`),
    index("issues_stats_idx").on(t.statsId),
    check("issues_volume_positive", sql`${t.volume} > 0`),
    check("issues_number_positive", sql`${t.number} > 0`),
  ],
);

export const issueSections = pgTable(
  "issue_sections",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    issueId: integer("issue_id")
      .notNull()
      .references(() => issues.contentId, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: sectionKind("kind").notNull(),
    title: text("title").notNull(),
  },
  (t) => [
    unique("issue_sections_position_key").on(t.issueId, t.position),
    check("issue_sections_position_nonneg", sql`${t.position} >= 0`),
  ],
);

export const sectionItems = pgTable(
  "section_items",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    sectionId: integer("section_id")
      .notNull()
      .references(() => issueSections.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title"),
    bodyMd: text("body_md"),
    url: text("url"),
    relatedContentId: integer("related_content_id").references(() => content.id, {
      onDelete: "set null",
    }),
  },
  (t) => [
    unique("section_items_position_key").on(t.sectionId, t.position),
    index("section_items_related_idx").on(t.relatedContentId),
    check("section_items_position_nonneg", sql`${t.position} >= 0`),
    check("section_items_not_empty", sql`${t.title} IS NOT NULL OR ${t.bodyMd} IS NOT NULL`),
  ],
);

export const sectionItemPeople = pgTable(
  "section_item_people",
  {
    itemId: integer("item_id")
      .notNull()
      .references(() => sectionItems.id, { onDelete: "cascade" }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "restrict" }),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.personId] }),
    index("section_item_people_person_idx").on(t.personId),
  ],
);
