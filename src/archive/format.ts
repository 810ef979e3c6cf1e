/**
 * The archive format, version 2: one JSON document holding every row of the content tables.
 *
 * ```json
 * {
 *   "format": "newsletter-content-api/archive",
 *   "version": 2,
 *   "exportedAt": "2026-05-04T10:00:00.000Z",
 *   "source": { "database": "pglite" },
 *   "voterKey": { "fingerprint": "hmac-sha256:…", "from": "generated" },
 *   "tables": {
 *     "people": [
 *       {"id":1,"slug":"ian-pratt","name":"Ian Pratt","bio":null,"url":null},
 *       …
 *     ],
 *     "tags": [ … ], …
 *   }
 * }
 * ```
 *
 * - `format` and `version` come before `tables` (the importer streams the tables and must
 *   know what it reads first); `exportedAt` is omitted by `--no-timestamp`; `source` is
 *   informational. Unknown top-level fields are ignored.
 * - `tables` holds every table of `ARCHIVE_TABLES` (`tables.ts`), in that order (parents
 *   before the rows that reference them), each an array of rows ordered by primary key, so
 *   two exports of the same data are byte-identical.
 * - A row is an object with exactly the table's columns, by their SQL (snake_case) names.
 *   Values: integers as numbers; numerics as decimal strings ("235.00"); timestamps as ISO
 *   8601 strings with offset, in UTC, to the microsecond ("2010-04-13T08:00:00+00:00");
 *   dates as "YYYY-MM-DD"; enums as their SQL labels; booleans; null where the column allows.
 * - Generated columns (`content.sort_at`, `content.search_vector`) are not written: the
 *   database recomputes them.
 * - Votes travel as counts (`poll_options.vote_count`, of which `legacy_votes` have no row)
 *   plus one row per vote with the hashed voter (`poll_votes.voter_hash`, an HMAC keyed by the server secret). `voterKey` names
 *   that key by a fingerprint (never the key) and says whether it came from `APP_SECRET` or
 *   was generated; an import whose target hashes voters with another key refuses the votes,
 *   since every voter could vote again. Archives written before it lack the field.
 * - Not archived (`EXCLUDED_TABLES` in `tables.ts`): API tokens, /admin sessions, server settings, webhooks.
 *
 * Versioning: a change an older reader could not import (a column added, renamed or
 * removed, an encoding changed) makes a new version; the importer reads every version up
 * to its own and refuses newer ones. Version 2 added `content_authors` (bylines),
 * `events.name`, `polls.counts_unknown_reason` and `poll_options.legacy_votes`: a version-1
 * archive imports with no bylines, those columns at their defaults, and each count's excess
 * over its vote rows as its legacy votes (`since` on the table or column says which version added it). A test compares `tables.ts` with the migrated schema, so
 * a migration cannot change the tables without that file (and the version) following.
 */

export const ARCHIVE_FORMAT = "newsletter-content-api/archive";
export const ARCHIVE_VERSION = 2;

/** The envelope: everything in the document except `tables`. */
export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  /** When the export ran; absent with `--no-timestamp`. */
  exportedAt?: string;
  source?: { database?: string };
  /** The key that hashed `poll_votes.voter_hash`. */
  voterKey?: VoterKeyRecord;
}

export interface VoterKeyRecord {
  /** `voterKeyFingerprint` of the key: equal fingerprints, equal keys. */
  fingerprint: string;
  /** Where the source's server secret came from. */
  from: "APP_SECRET" | "generated";
}

export type ColumnKind =
  | { type: "integer" }
  | { type: "text" }
  | { type: "boolean" }
  /** timestamptz: ISO 8601 with offset. */
  | { type: "timestamp" }
  /** "YYYY-MM-DD". */
  | { type: "date" }
  /** Decimal string, exact. */
  | { type: "numeric" }
  | { type: "enum"; name: string; values: readonly string[] };

export interface ColumnSpec {
  kind: ColumnKind;
  nullable: boolean;
  /** The format version that added the column; older archives lack it and import it as null. */
  since?: number;
}

export interface TableSpec {
  name: string;
  /** Primary key columns: the row order. */
  key: readonly string[];
  /** The identity column whose sequence the import moves past the largest id. */
  identity?: string;
  /**
   * Columns referencing the same table: inserted as null and set once the whole table is in,
   * so a row may point at one later in the file.
   */
  deferred?: readonly string[];
  columns: Readonly<Record<string, ColumnSpec>>;
  /** The format version that added the table; older archives lack it and import it empty. */
  since?: number;
}

/** The columns an archive of `version` holds for a table (those added later are absent). */
export function columnsIn(table: TableSpec, version: number): string[] {
  return Object.entries(table.columns)
    .filter(([, c]) => (c.since ?? 1) <= version)
    .map(([name]) => name);
}

/** Whether an archive of `version` holds the table at all. */
export const holdsTable = (table: TableSpec, version: number) => (table.since ?? 1) <= version;
