import { ArchiveError } from "../errors.js";
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  type ArchiveHeader,
  type ColumnKind,
  columnsIn,
  type TableSpec,
  type VoterKeyRecord,
} from "./format.js";

/** Check the envelope: our format, a version this program reads. */
export function checkHeader(fields: Record<string, unknown>): ArchiveHeader {
  const { format, version, exportedAt, source, voterKey } = fields;
  if (format === undefined) {
    throw new ArchiveError(
      `not a newsletter-content-api archive: no "format" field before "tables" (expected "${ARCHIVE_FORMAT}")`,
    );
  }
  if (format !== ARCHIVE_FORMAT) {
    throw new ArchiveError(
      `not a newsletter-content-api archive: format is ${JSON.stringify(format)}, expected "${ARCHIVE_FORMAT}"`,
    );
  }
  if (version === undefined) {
    throw new ArchiveError('archive has no "version" field before "tables"');
  }
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    throw new ArchiveError(
      `archive "version" must be a whole number from 1, got ${JSON.stringify(version)}`,
    );
  }
  if (version > ARCHIVE_VERSION) {
    throw new ArchiveError(
      `archive format version ${version} is newer than this program reads (up to ${ARCHIVE_VERSION}): import it with a newer newsletter-content-api`,
    );
  }
  if (exportedAt !== undefined && typeof exportedAt !== "string") {
    throw new ArchiveError('archive "exportedAt" must be a string');
  }
  const header: ArchiveHeader = { format, version };
  if (typeof exportedAt === "string") header.exportedAt = exportedAt;
  if (source && typeof source === "object" && !Array.isArray(source)) {
    const database = (source as { database?: unknown }).database;
    header.source = typeof database === "string" ? { database } : {};
  }
  if (voterKey !== undefined) header.voterKey = checkVoterKey(voterKey);
  return header;
}

function checkVoterKey(value: unknown): VoterKeyRecord {
  const { fingerprint, from } = (value ?? {}) as Record<string, unknown>;
  if (typeof fingerprint !== "string" || (from !== "APP_SECRET" && from !== "generated")) {
    throw new ArchiveError(
      'archive "voterKey" must be {"fingerprint": string, "from": "APP_SECRET" | "generated"}',
    );
  }
  return { fingerprint, from };
}

// Postgres parses more than this, but the exporter writes exactly these shapes; anything
// else is a hand-edited or foreign file and better refused here with the column named.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMERIC = /^-?\d+(\.\d+)?$/;
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** Why `value` does not fit `kind`, or null when it does. */
function mismatch(kind: ColumnKind, value: unknown): string | null {
  switch (kind.type) {
    case "integer":
      return Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX
        ? null
        : "a 32-bit integer";
    case "text":
      return typeof value === "string" ? null : "a string";
    case "boolean":
      return typeof value === "boolean" ? null : "true or false";
    case "timestamp":
      return typeof value === "string" && TIMESTAMP.test(value)
        ? null
        : "an ISO 8601 timestamp with offset";
    case "date":
      return typeof value === "string" && DATE.test(value) ? null : 'a date "YYYY-MM-DD"';
    case "numeric":
      return typeof value === "string" && NUMERIC.test(value) ? null : 'a decimal string ("4.26")';
    case "enum":
      return typeof value === "string" && kind.values.includes(value)
        ? null
        : `one of ${kind.values.map((v) => JSON.stringify(v)).join(", ")} (${kind.name})`;
  }
}

const shown = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/**
 * Check one row against its table as format `version` holds it: an object with exactly those
 * columns, each value of the column's type. Columns a later version added are left out (the
 * database fills in their defaults). `index` counts from 0; messages count from 1.
 */
export function checkRow(
  table: TableSpec,
  row: unknown,
  index: number,
  version: number = ARCHIVE_VERSION,
): Record<string, unknown> {
  const where = `table "${table.name}", row ${index + 1}`;
  if (row === null || typeof row !== "object" || Array.isArray(row)) {
    throw new ArchiveError(`${where}: expected an object, got ${shown(row)}`);
  }
  const held = columnsIn(table, version);
  const record = row as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    if (!held.includes(name)) {
      throw new ArchiveError(
        `${where}: unknown column "${name}" (not in format version ${version})`,
      );
    }
  }
  const checked: Record<string, unknown> = {};
  for (const [name, column] of Object.entries(table.columns)) {
    if (!held.includes(name)) continue;
    if (!(name in record)) throw new ArchiveError(`${where}: missing column "${name}"`);
    checked[name] = record[name];
    const value = record[name];
    if (value === null) {
      if (!column.nullable) throw new ArchiveError(`${where}: column "${name}" cannot be null`);
      continue;
    }
    const expected = mismatch(column.kind, value);
    if (expected) {
      throw new ArchiveError(`${where}: column "${name}" must be ${expected}, got ${shown(value)}`);
    }
  }
  return checked;
}
