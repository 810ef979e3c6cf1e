// The tables and columns of archive format version 1 (see format.ts for the encoding).
import { announcementKind } from "../db/tables/announcements.js";
import { contentStatus, contentType, datePrecision } from "../db/tables/content.js";
import { sectionKind } from "../db/tables/issues.js";
import { resultsVisibility } from "../db/tables/polls.js";
import type { ColumnSpec, TableSpec } from "./format.js";

const NULLABLE = true;
const column =
  (type: "integer" | "text" | "boolean" | "timestamp" | "date" | "numeric") =>
  (nullable = false): ColumnSpec => ({ kind: { type }, nullable });
const int = column("integer");
const text = column("text");
const bool = column("boolean");
const ts = column("timestamp");
const date = column("date");
const numeric = column("numeric");
const oneOf =
  (e: { enumName: string; enumValues: readonly string[] }) =>
  (nullable = false): ColumnSpec => ({
    kind: { type: "enum", name: e.enumName, values: e.enumValues },
    nullable,
  });

/** Tables of version 1, in insertion order: every table after the tables it references. */
export const ARCHIVE_TABLES: readonly TableSpec[] = [
  {
    name: "people",
    key: ["id"],
    identity: "id",
    columns: { id: int(), slug: text(), name: text(), bio: text(NULLABLE), url: text(NULLABLE) },
  },
  { name: "tags", key: ["id"], identity: "id", columns: { id: int(), slug: text(), name: text() } },
  {
    name: "content",
    key: ["id"],
    identity: "id",
    deferred: ["revision_of"],
    columns: {
      id: int(),
      type: oneOf(contentType)(),
      slug: text(),
      title: text(),
      status: oneOf(contentStatus)(),
      published_at: ts(NULLABLE),
      published_at_precision: oneOf(datePrecision)(),
      created_at: ts(),
      updated_at: ts(),
      search_text: text(),
      revision_of: int(NULLABLE),
    },
  },
  {
    name: "content_tags",
    key: ["content_id", "tag_id"],
    columns: { content_id: int(), tag_id: int() },
  },
  {
    name: "weekly_stats",
    key: ["id"],
    identity: "id",
    columns: {
      id: int(),
      week_start: date(),
      week_end: date(),
      visitors: int(NULLABLE),
      page_views: int(NULLABLE),
      status: oneOf(contentStatus)(),
      published_at: ts(NULLABLE),
      updated_at: ts(),
      revision: bool(),
    },
  },
  {
    name: "browser_shares",
    key: ["stats_id", "position"],
    columns: { stats_id: int(), position: int(), browser: text(), share: numeric() },
  },
  {
    name: "mailing_list_activity",
    key: ["stats_id", "position"],
    columns: {
      stats_id: int(),
      position: int(),
      list: text(),
      posts: int(NULLABLE),
      url: text(NULLABLE),
    },
  },
  {
    name: "stats_superstars",
    key: ["stats_id", "person_id"],
    columns: { stats_id: int(), person_id: int(), position: int() },
  },
  {
    name: "issues",
    key: ["content_id"],
    columns: {
      content_id: int(),
      volume: int(),
      number: int(),
      summary: text(NULLABLE),
      intro_md: text(NULLABLE),
      full_newsletter_url: text(NULLABLE),
      stats_id: int(NULLABLE),
      revision: bool(),
    },
  },
  {
    name: "issue_sections",
    key: ["id"],
    identity: "id",
    columns: {
      id: int(),
      issue_id: int(),
      position: int(),
      kind: oneOf(sectionKind)(),
      title: text(),
    },
  },
  {
    name: "section_items",
    key: ["id"],
    identity: "id",
    columns: {
      id: int(),
      section_id: int(),
      position: int(),
      title: text(NULLABLE),
      body_md: text(NULLABLE),
      url: text(NULLABLE),
      related_content_id: int(NULLABLE),
    },
  },
  {
    name: "section_item_people",
    key: ["item_id", "person_id"],
    columns: { item_id: int(), person_id: int(), position: int() },
  },
  {
    name: "announcements",
    key: ["content_id"],
    columns: {
      content_id: int(),
      kind: oneOf(announcementKind)(),
      dateline: text(NULLABLE),
      summary: text(NULLABLE),
      body_md: text(NULLABLE),
      source_url: text(NULLABLE),
    },
  },
  {
    name: "highlights",
    key: ["id"],
    identity: "id",
    columns: {
      id: int(),
      announcement_id: int(),
      position: int(),
      title: text(),
      detail: text(NULLABLE),
    },
  },
  {
    name: "highlight_links",
    key: ["id"],
    identity: "id",
    columns: { id: int(), highlight_id: int(), position: int(), title: text(), url: text() },
  },
  {
    name: "quotes",
    key: ["id"],
    identity: "id",
    columns: {
      id: int(),
      announcement_id: int(),
      position: int(),
      text: text(),
      person_id: int(),
      role: text(NULLABLE),
    },
  },
  {
    name: "events",
    key: ["content_id"],
    columns: {
      content_id: int(),
      starts_at: ts(),
      ends_at: ts(),
      all_day: bool(),
      time_zone: text(NULLABLE),
      venue: text(NULLABLE),
      description_md: text(NULLABLE),
      registration_url: text(NULLABLE),
      price_amount: numeric(NULLABLE),
      price_currency: text(NULLABLE),
      presentation_count: int(NULLABLE),
    },
  },
  {
    name: "event_sessions",
    key: ["id"],
    identity: "id",
    columns: {
      id: int(),
      event_id: int(),
      position: int(),
      title: text(),
      abstract_md: text(NULLABLE),
      starts_at: ts(NULLABLE),
      ends_at: ts(NULLABLE),
      room: text(NULLABLE),
    },
  },
  {
    name: "session_speakers",
    key: ["session_id", "person_id"],
    columns: { session_id: int(), person_id: int(), position: int() },
  },
  {
    name: "event_speakers",
    key: ["event_id", "person_id"],
    columns: { event_id: int(), person_id: int(), position: int() },
  },
  {
    name: "polls",
    key: ["content_id"],
    columns: {
      content_id: int(),
      question: text(),
      description_md: text(NULLABLE),
      opens_at: ts(NULLABLE),
      closes_at: ts(NULLABLE),
      results_visibility: oneOf(resultsVisibility)(),
      results_event_id: int(NULLABLE),
      results_announced_on: date(NULLABLE),
    },
  },
  {
    name: "poll_options",
    key: ["id"],
    identity: "id",
    columns: {
      id: int(),
      poll_id: int(),
      position: int(),
      label: text(),
      image_url: text(NULLABLE),
      vote_count: int(),
    },
  },
  {
    name: "poll_votes",
    key: ["id"],
    identity: "id",
    columns: { id: int(), poll_id: int(), option_id: int(), voter_hash: text(), cast_at: ts() },
  },
  {
    name: "poll_credits",
    key: ["poll_id", "person_id"],
    columns: { poll_id: int(), person_id: int(), position: int(), role: text(NULLABLE) },
  },
];

/** Tables deliberately left out of an archive, and why (the README repeats this). */
export const EXCLUDED_TABLES: Readonly<Record<string, string>> = {
  api_tokens: "credentials of this installation; create new tokens on the target",
  app_settings:
    "holds the generated server secret; carry APP_SECRET over instead, or voter hashes stop matching",
  webhooks: "operational; signing secrets are encrypted under this installation's server key",
  webhook_deliveries: "operational delivery log and queue of the webhooks",
};

/** The spec of a version-1 table by name. */
export const TABLE_BY_NAME: ReadonlyMap<string, TableSpec> = new Map(
  ARCHIVE_TABLES.map((t) => [t.name, t]),
);
