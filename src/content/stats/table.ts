import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { timestamptz } from "../../db/columns.js";
import { contentStatus } from "../../read/table.js";
import { people } from "../people/table.js";

/** Weekly site and community figures; attached to an issue or listed on their own. */
export const weeklyStats = pgTable(
  "weekly_stats",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    weekStart: date("week_start", { mode: "string" }).notNull(),
    weekEnd: date("week_end", { mode: "string" }).notNull(),
    visitors: integer("visitors"),
    pageViews: integer("page_views"),
    status: contentStatus("status").notNull().default("draft"),
    publishedAt: timestamptz("published_at"),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    /** Stats of a pending edit's copy: exempt from one-row-per-week. */
    revision: boolean("revision").notNull().default(false),
  },
  (t) => [
    uniqueIndex("weekly_stats_week_start_key").on(t.weekStart).where(sql`not ${t.revision}`),
    check("weekly_stats_week_order", sql`${t.weekEnd} >= ${t.weekStart}`),
    check("weekly_stats_visitors_nonneg", sql`${t.visitors} IS NULL OR ${t.visitors} >= 0`),
    check("weekly_stats_page_views_nonneg", sql`${t.pageViews} IS NULL OR ${t.pageViews} >= 0`),
    check(
      "weekly_stats_published_has_time",
      sql`${t.status} = 'draft' OR ${t.publishedAt} IS NOT NULL`,
    ),
    index("weekly_stats_sort_idx").on(t.weekStart, t.id),
  ],
);

/** Share of visitors per browser, in percent (4.26 means 4.26%). */
export const browserShares = pgTable(
  "browser_shares",
  {
    statsId: integer("stats_id")
      .notNull()
      .references(() => weeklyStats.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    browser: text("browser").notNull(),
    share: numeric("share", { precision: 5, scale: 2 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.statsId, t.position] }),
    unique("browser_shares_browser_key").on(t.statsId, t.browser),
    check("browser_shares_share_range", sql`${t.share} >= 0 AND ${t.share} <= 100`),
  ],
);

export const mailingListActivity = pgTable(
  "mailing_list_activity",
  {
    statsId: integer("stats_id")
      .notNull()
      .references(() => weeklyStats.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    list: text("list").notNull(),
    posts: integer("posts"),
    url: text("url"),
  },
  (t) => [
    primaryKey({ columns: [t.statsId, t.position] }),
    unique("mailing_list_activity_list_key").on(t.statsId, t.list),
    check("mailing_list_activity_posts_nonneg", sql`${t.posts} IS NULL OR ${t.posts} >= 0`),
  ],
);

export const statsSuperstars = pgTable(
  "stats_superstars",
  {
    statsId: integer("stats_id")
      .notNull()
      .references(() => weeklyStats.id, { onDelete: "cascade" }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "restrict" }),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.statsId, t.personId] }),
    index("stats_superstars_person_idx").on(t.personId),
  ],
);
