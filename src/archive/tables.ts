/**
 * The tables of an archive, read off their Drizzle definitions: which tables, in what order
 * (the registry's, so every table comes after those it references), and for each its key,
 * identity column, self-references and stored columns with their encodings (format.ts).
 * The format is a contract with files already exported: tests/archive/format-versions.test.ts
 * holds this reading to every version, so a schema change that would alter it fails until the
 * version (ARCHIVE_VERSION), ADDED_IN and that test move on together.
 */
import { getTableConfig, type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { adminSessions, apiTokens, appSettings } from "../auth/table.js";
import {
  announcements,
  highlightLinks,
  highlights,
  quotes,
} from "../content/announcement/table.js";
import { contentAuthors } from "../content/authors/table.js";
import { contentRemovals, contentVersions } from "../content/changes/table.js";
import { eventSessions, eventSpeakers, events, sessionSpeakers } from "../content/event/table.js";
import { issueSections, issues, sectionItemPeople, sectionItems } from "../content/issue/table.js";
import { people } from "../content/people/table.js";
import { pollCredits, pollOptions, polls, pollVotes } from "../content/poll/table.js";
import {
  browserShares,
  mailingListActivity,
  statsSuperstars,
  weeklyStats,
} from "../content/stats/table.js";
import { contentTags, tags } from "../content/tags/table.js";
import { feedVersions } from "../feeds/table.js";
import { importSources } from "../import/table.js";
import { content } from "../read/table.js";
import { CONTENT_TYPES, TYPE_NAMES } from "../registry.js";
import { webhookDeliveries, webhooks } from "../webhooks/table.js";
import type { ColumnKind, ColumnSpec, TableSpec } from "./format.js";

/** Every archived table, by name. */
const TABLES = new Map<string, PgTable>(
  [
    people,
    tags,
    content,
    contentTags,
    contentAuthors,
    weeklyStats,
    browserShares,
    mailingListActivity,
    statsSuperstars,
    issues,
    issueSections,
    sectionItems,
    sectionItemPeople,
    announcements,
    highlights,
    highlightLinks,
    quotes,
    events,
    eventSessions,
    sessionSpeakers,
    eventSpeakers,
    polls,
    pollOptions,
    pollVotes,
    pollCredits,
  ].map((t) => [getTableConfig(t).name, t]),
);

/** The shared tables, then each type's own (src/registry.ts), parents before children. */
const ORDER = [
  "people",
  "tags",
  "content",
  "content_tags",
  "content_authors",
  "weekly_stats",
  "browser_shares",
  "mailing_list_activity",
  "stats_superstars",
  ...CONTENT_TYPES.flatMap((type) => TYPE_NAMES[type].tables),
];

/** What each version after 1 added: tables by name, columns as "table.column". */
const ADDED_IN: Readonly<Record<string, number>> = {
  content_authors: 2,
  "events.name": 2,
  "polls.counts_unknown_reason": 2,
  "poll_options.legacy_votes": 2,
};

function kindOf(column: PgColumn): ColumnKind {
  const enumColumn = column as PgColumn & { enum?: { enumName: string; enumValues: string[] } };
  switch (column.columnType) {
    case "PgInteger":
      return { type: "integer" };
    case "PgText":
    case "PgChar":
      return { type: "text" };
    case "PgBoolean":
      return { type: "boolean" };
    case "PgTimestamp":
      return { type: "timestamp" };
    case "PgDateString":
    case "PgDate":
      return { type: "date" };
    case "PgNumeric":
      return { type: "numeric" };
    case "PgEnumColumn":
      if (enumColumn.enum) {
        const { enumName: name, enumValues: values } = enumColumn.enum;
        return { type: "enum", name, values };
      }
  }
  throw new Error(`${column.name}: no archive encoding for ${column.columnType}`);
}

function specOf(table: PgTable): TableSpec {
  const config = getTableConfig(table);
  // Generated columns are computed again by the database, never archived.
  const stored = config.columns.filter((c) => c.generated?.type !== "always");
  const key =
    config.primaryKeys[0]?.columns.map((c) => c.name) ??
    stored.filter((c) => c.primary).map((c) => c.name);
  const identity = stored.find((c) => c.generatedIdentity)?.name;
  const deferred = config.foreignKeys
    .map((fk) => fk.reference())
    .filter((ref) => getTableConfig(ref.foreignTable).name === config.name)
    .flatMap((ref) => ref.columns.map((c) => c.name));
  const columns = Object.fromEntries(
    stored.map((c): [string, ColumnSpec] => {
      const since = ADDED_IN[`${config.name}.${c.name}`];
      // An older archive lacks the column: the database must be able to fill it in.
      if (since && c.notNull && !c.hasDefault)
        throw new Error(`archive: ${config.name}.${c.name} added later needs a default`);
      return [c.name, { kind: kindOf(c), nullable: !c.notNull, ...(since ? { since } : {}) }];
    }),
  );
  const since = ADDED_IN[config.name];
  return {
    name: config.name,
    key,
    ...(identity ? { identity } : {}),
    ...(deferred.length ? { deferred } : {}),
    columns,
    ...(since ? { since } : {}),
  };
}

/** Tables of the current version, in insertion order: every table after the tables it references. */
export const ARCHIVE_TABLES: readonly TableSpec[] = ORDER.map((name) => {
  const table = TABLES.get(name);
  if (!table) throw new Error(`archive: no table "${name}"`);
  return specOf(table);
});

/** Tables deliberately left out of an archive, and why (docs/export-import.md repeats this). */
export const EXCLUDED_TABLES: Readonly<Record<string, string>> = {
  [getTableConfig(apiTokens).name]:
    "credentials of this installation; create new tokens on the target",
  [getTableConfig(adminSessions).name]:
    "signed-in /admin sessions of this installation's tokens; editors sign in again on the target",
  [getTableConfig(appSettings).name]:
    "holds the generated server secret; carry APP_SECRET over instead, or voter hashes stop matching",
  [getTableConfig(webhooks).name]:
    "operational; signing secrets are encrypted under this installation's server key",
  [getTableConfig(webhookDeliveries).name]: "operational delivery log and queue of the webhooks",
  [getTableConfig(contentVersions).name]:
    "sync positions of this database's transactions: the target's changes feed starts afresh",
  [getTableConfig(contentRemovals).name]:
    "tombstones for sites synced from this installation; a target's readers never saw those entries",
  [getTableConfig(importSources).name]:
    "where imported entries came from (WordPress, feeds): provenance of this installation's imports; after a move, a re-import makes new entries beside the moved ones",
  [getTableConfig(feedVersions).name]:
    "derived from the feeds served: the target starts each feed's Last-Modified afresh",
};

/** The spec of a table by name. */
export const TABLE_BY_NAME: ReadonlyMap<string, TableSpec> = new Map(
  ARCHIVE_TABLES.map((t) => [t.name, t]),
);
