import { describe, expect, it } from "vitest";
import {
  ARCHIVE_VERSION,
  columnsIn,
  holdsTable,
  type TableSpec,
} from "../../src/archive/format.js";
import { ARCHIVE_TABLES } from "../../src/archive/tables.js";

/**
 * Archive format versions as exported files hold them, written out by hand on purpose: the
 * server reads the tables off their Drizzle definitions, and this pins that reading to what
 * each version promised. A schema change that alters it fails here: bump ARCHIVE_VERSION,
 * say what the version added (ADDED_IN in src/archive/tables.ts), and write it out below.
 */
const VERSION_1: Record<string, string[]> = {
  people: ["key id; identity id", "id integer", "slug text", "name text", "bio text?", "url text?"],
  tags: ["key id; identity id", "id integer", "slug text", "name text"],
  content: [
    "key id; identity id; deferred revision_of",
    "id integer",
    "type enum content_type(issue|announcement|event|poll)",
    "slug text",
    "title text",
    "status enum content_status(draft|scheduled|published)",
    "published_at timestamp?",
    "published_at_precision enum date_precision(exact|day|month)",
    "created_at timestamp",
    "updated_at timestamp",
    "search_text text",
    "revision_of integer?",
  ],
  content_tags: ["key content_id+tag_id", "content_id integer", "tag_id integer"],
  weekly_stats: [
    "key id; identity id",
    "id integer",
    "week_start date",
    "week_end date",
    "visitors integer?",
    "page_views integer?",
    "status enum content_status(draft|scheduled|published)",
    "published_at timestamp?",
    "updated_at timestamp",
    "revision boolean",
  ],
  browser_shares: [
    "key stats_id+position",
    "stats_id integer",
    "position integer",
    "browser text",
    "share numeric",
  ],
  mailing_list_activity: [
    "key stats_id+position",
    "stats_id integer",
    "position integer",
    "list text",
    "posts integer?",
    "url text?",
  ],
  stats_superstars: [
    "key stats_id+person_id",
    "stats_id integer",
    "person_id integer",
    "position integer",
  ],
  issues: [
    "key content_id",
    "content_id integer",
    "volume integer",
    "number integer",
    "summary text?",
    "intro_md text?",
    "full_newsletter_url text?",
    "stats_id integer?",
    "revision boolean",
  ],
  issue_sections: [
    "key id; identity id",
    "id integer",
    "issue_id integer",
    "position integer",
    "kind enum section_kind(news|events|products|members|stats|other)",
    "title text",
  ],
  section_items: [
    "key id; identity id",
    "id integer",
    "section_id integer",
    "position integer",
    "title text?",
    "body_md text?",
    "url text?",
    "related_content_id integer?",
  ],
  section_item_people: [
    "key item_id+person_id",
    "item_id integer",
    "person_id integer",
    "position integer",
  ],
  announcements: [
    "key content_id",
    "content_id integer",
    "kind enum announcement_kind(press_release|feature_list|news)",
    "dateline text?",
    "summary text?",
    "body_md text?",
    "source_url text?",
  ],
  highlights: [
    "key id; identity id",
    "id integer",
    "announcement_id integer",
    "position integer",
    "title text",
    "detail text?",
  ],
  highlight_links: [
    "key id; identity id",
    "id integer",
    "highlight_id integer",
    "position integer",
    "title text",
    "url text",
  ],
  quotes: [
    "key id; identity id",
    "id integer",
    "announcement_id integer",
    "position integer",
    "text text",
    "person_id integer",
    "role text?",
  ],
  events: [
    "key content_id",
    "content_id integer",
    "starts_at timestamp",
    "ends_at timestamp",
    "all_day boolean",
    "time_zone text?",
    "venue text?",
    "description_md text?",
    "registration_url text?",
    "price_amount numeric?",
    "price_currency text?",
    "presentation_count integer?",
  ],
  event_sessions: [
    "key id; identity id",
    "id integer",
    "event_id integer",
    "position integer",
    "title text",
    "abstract_md text?",
    "starts_at timestamp?",
    "ends_at timestamp?",
    "room text?",
  ],
  session_speakers: [
    "key session_id+person_id",
    "session_id integer",
    "person_id integer",
    "position integer",
  ],
  event_speakers: [
    "key event_id+person_id",
    "event_id integer",
    "person_id integer",
    "position integer",
  ],
  polls: [
    "key content_id",
    "content_id integer",
    "question text",
    "description_md text?",
    "opens_at timestamp?",
    "closes_at timestamp?",
    "results_visibility enum results_visibility(always|after_vote|after_close)",
    "results_event_id integer?",
    "results_announced_on date?",
  ],
  poll_options: [
    "key id; identity id",
    "id integer",
    "poll_id integer",
    "position integer",
    "label text",
    "image_url text?",
    "vote_count integer",
  ],
  poll_votes: [
    "key id; identity id",
    "id integer",
    "poll_id integer",
    "option_id integer",
    "voter_hash text",
    "cast_at timestamp",
  ],
  poll_credits: [
    "key poll_id+person_id",
    "poll_id integer",
    "person_id integer",
    "position integer",
    "role text?",
  ],
};

/** One table in the notation above: its head ("key …; identity …; deferred …"), then columns. */
/** Version 2 added bylines, events' own names and polls whose counts were never recorded. */
const VERSION_2: Record<string, string[]> = Object.fromEntries(
  Object.entries(VERSION_1).flatMap(([name, columns]) => {
    const withAdded =
      name === "events"
        ? [...columns, "name text?"]
        : name === "polls"
          ? [...columns, "counts_unknown_reason enum poll_counts_unknown(not_recorded)?"]
          : name === "poll_options"
            ? [...columns, "legacy_votes integer"]
            : columns;
    const entry: [string, string[]] = [name, withAdded];
    return name === "content_tags"
      ? [
          entry,
          [
            "content_authors",
            [
              "key content_id+person_id",
              "content_id integer",
              "person_id integer",
              "position integer",
            ],
          ],
        ]
      : [entry];
  }),
);

const VERSIONS: Record<number, Record<string, string[]>> = { 1: VERSION_1, 2: VERSION_2 };

function described(table: TableSpec, version = ARCHIVE_VERSION): string[] {
  const head = [
    `key ${table.key.join("+")}`,
    table.identity ? `identity ${table.identity}` : null,
    table.deferred ? `deferred ${table.deferred.join("+")}` : null,
  ].filter(Boolean);
  const held = columnsIn(table, version);
  const columns = Object.entries(table.columns)
    .filter(([name]) => held.includes(name))
    .map(([name, c]) => {
      const k =
        c.kind.type === "enum" ? `enum ${c.kind.name}(${c.kind.values.join("|")})` : c.kind.type;
      return `${name} ${k}${c.nullable ? "?" : ""}`;
    });
  return [head.join("; "), ...columns];
}

describe("archive format versions", () => {
  it("the current version is what the schema's tables read as, table for table, column for column, in order", () => {
    expect(ARCHIVE_VERSION).toBe(2);
    expect(ARCHIVE_TABLES.map((t) => t.name)).toEqual(Object.keys(VERSION_2));
    for (const table of ARCHIVE_TABLES)
      expect(described(table), table.name).toEqual(VERSION_2[table.name]);
  });

  it("every older version is still read as it was written (what the importer expects of it)", () => {
    for (const [version, tables] of Object.entries(VERSIONS)) {
      const v = Number(version);
      const held = ARCHIVE_TABLES.filter((t) => holdsTable(t, v));
      expect(
        held.map((t) => t.name),
        `version ${v}`,
      ).toEqual(Object.keys(tables));
      for (const table of held)
        expect(described(table, v), `version ${v}: ${table.name}`).toEqual(tables[table.name]);
    }
  });
});
