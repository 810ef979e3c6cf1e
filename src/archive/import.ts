import type { Db } from "../db/client.js";
import { ArchiveError } from "../errors.js";
import {
  type ArchiveHeader,
  columnsIn,
  holdsTable,
  type TableSpec,
  type VoterKeyRecord,
} from "./format.js";
import type { ArchiveSource } from "./json-cursor.js";
import { readArchive } from "./reader.js";
import { applyWriteRules, checkDerivedCounts } from "./rules.js";
import {
  insertArchiveRows,
  moveIdentityPastMax,
  tablesWithRows,
  updateArchiveRows,
} from "./sql.js";
import { ARCHIVE_TABLES, TABLE_BY_NAME } from "./tables.js";
import { checkHeader, checkRow } from "./validate.js";

export interface ImportOptions {
  /** Called after each table with the rows inserted (the transaction is still open). */
  onTable?: (table: string, rows: number) => void;
  /** Rows per INSERT (default 1,000). */
  batchRows?: number;
  /** Characters of archive JSON per INSERT (default 4 MB): bounds statements of long texts. */
  batchChars?: number;
  /**
   * The key this database hashes voters with. An archive whose votes were hashed with
   * another is refused (every voter could vote again) unless `acceptChange`.
   */
  voterKey?: { current: VoterKeyRecord; acceptChange?: boolean };
}

export interface ImportReport {
  header: ArchiveHeader;
  /** Rows inserted per table, in archive order. */
  rows: Record<string, number>;
  /** What the operator should know although the import went in. */
  warnings: string[];
}

const describeKey = (from: VoterKeyRecord["from"]) =>
  from === "APP_SECRET" ? "APP_SECRET" : "a secret generated in its database";

/**
 * Before the first vote goes in: may the archive's votes live under this database's key?
 * Throws when not; returns a warning when it cannot tell (an archive older than the field).
 */
function checkVoterKey(header: ArchiveHeader, options: ImportOptions): string | null {
  const target = options.voterKey;
  if (!target) return null;
  const source = header.voterKey;
  if (!source) {
    return "the archive does not record which key hashed its votes (exported before voterKey existed): if this server's APP_SECRET differs from the source's, its voters can vote again";
  }
  if (source.fingerprint === target.current.fingerprint) return null;
  const consequence = `its votes were hashed with another key (the source used ${describeKey(source.from)}, this server ${describeKey(target.current.from)}), so every voter could vote again`;
  if (target.acceptChange) return `imported anyway (--accept-voter-key-change): ${consequence}`;
  throw new ArchiveError(
    `the archive holds votes, and ${consequence}. Start this import with the source's APP_SECRET, or pass --accept-voter-key-change to import them anyway (counts stay; old voters may vote once more)`,
  );
}

/** The database's own words for a refused statement, through driver and Drizzle wrapping. */
function databaseMessage(error: unknown): string {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const o = e as { code?: unknown; message?: unknown; detail?: unknown; cause?: unknown };
    if (typeof o.code === "string" && /^[0-9A-Z]{5}$/.test(o.code)) {
      return typeof o.detail === "string" && o.detail
        ? `${o.message} (${o.detail})`
        : `${o.message}`;
    }
    e = o.cause;
  }
  return (error as Error).message;
}

/** Loads one table's rows in batches; self-references are set once the whole table is in. */
class TableLoad {
  private readonly columns: string[];
  private batch: Record<string, unknown>[] = [];
  private batchStart = 0;
  private chars = 0;
  private readonly deferred: Record<string, unknown>[] = [];
  count = 0;

  constructor(
    private readonly tx: Db,
    readonly spec: TableSpec,
    private readonly limits: { rows: number; chars: number },
    private readonly version: number,
  ) {
    this.columns = columnsIn(spec, version);
  }

  async add(row: unknown, size: number): Promise<void> {
    let record = applyWriteRules(
      this.spec,
      checkRow(this.spec, row, this.count, this.version),
      this.count,
    );
    const late = this.spec.deferred?.filter((c) => record[c] !== null) ?? [];
    if (late.length > 0) {
      this.deferred.push(
        Object.fromEntries(
          [...this.spec.key, ...(this.spec.deferred ?? [])].map((c) => [c, record[c]]),
        ),
      );
      record = { ...record, ...Object.fromEntries(late.map((c) => [c, null])) };
    }
    this.batch.push(record);
    this.count++;
    this.chars += size;
    if (this.batch.length >= this.limits.rows || this.chars >= this.limits.chars)
      await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    try {
      await insertArchiveRows(this.tx, this.spec.name, this.columns, this.batch);
    } catch (error) {
      throw new ArchiveError(
        `table "${this.spec.name}", rows ${this.batchStart + 1}-${this.count}: the database refused them: ${databaseMessage(error)}`,
      );
    }
    this.batchStart = this.count;
    this.batch = [];
    this.chars = 0;
  }

  async finish(): Promise<number> {
    await this.flush();
    try {
      for (let i = 0; i < this.deferred.length; i += this.limits.rows) {
        await updateArchiveRows(
          this.tx,
          this.spec.name,
          this.spec.key,
          this.spec.deferred ?? [],
          this.deferred.slice(i, i + this.limits.rows),
        );
      }
    } catch (error) {
      throw new ArchiveError(
        `table "${this.spec.name}": the database refused its references (${(this.spec.deferred ?? []).join(", ")}): ${databaseMessage(error)}`,
      );
    }
    return this.count;
  }
}

/**
 * Restore an archive into an empty, migrated database, streaming: one row of the file in
 * memory at a time, inserted in batches. Everything happens in one transaction, so a bad
 * row, a truncated file or a refused constraint leaves the database as it was. Afterwards
 * every identity sequence continues after the largest imported id.
 *
 * Refuses (with {@link ArchiveError}) another format, a newer version, unknown tables or
 * columns, tables out of order or missing, a target holding any archived row, and votes
 * hashed with a key other than the target's (see `ImportOptions.voterKey`).
 */
export async function importArchive(
  db: Db,
  source: ArchiveSource,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const limits = { rows: options.batchRows ?? 1_000, chars: options.batchChars ?? 4_000_000 };
  const events = readArchive(source);
  try {
    const first = await events.next();
    if (first.done || first.value.kind !== "header") throw new ArchiveError("the archive is empty");
    const header = checkHeader(first.value.header);
    const warnings: string[] = [];
    const rows = await db.transaction(async (tx) => {
      const occupied = await tablesWithRows(
        tx,
        ARCHIVE_TABLES.map((t) => t.name),
      );
      if (occupied.length > 0) {
        throw new ArchiveError(
          `the target database is not empty (rows in ${occupied.join(", ")}): archive:import restores only into an empty, migrated database`,
        );
      }
      const counts: Record<string, number> = {};
      // Tables the archive's version does not hold yet are skipped (imported empty).
      const held = ARCHIVE_TABLES.filter((t) => holdsTable(t, header.version));
      const order = held.map((t) => t.name).join(", ");
      let load: TableLoad | null = null;
      let next = 0;
      for await (const event of events) {
        if (event.kind === "table") {
          const spec = TABLE_BY_NAME.get(event.name);
          if (!spec || !holdsTable(spec, header.version)) {
            throw new ArchiveError(
              `unknown table "${event.name}" (not in format version ${header.version})`,
            );
          }
          const expected = held[next];
          if (spec !== expected) {
            throw new ArchiveError(
              `expected table "${expected?.name ?? "(none)"}" next, found "${event.name}": version ${header.version} holds every table once, in the order ${order}`,
            );
          }
          load = new TableLoad(tx, spec, limits, header.version);
          next++;
        } else if (event.kind === "row") {
          if (load?.spec.name === "poll_votes" && load.count === 0) {
            const warning = checkVoterKey(header, options);
            if (warning) warnings.push(warning);
          }
          await load?.add(event.row, event.size);
        } else if (event.kind === "tableEnd" && load) {
          counts[load.spec.name] = await load.finish();
          options.onTable?.(load.spec.name, load.count);
          load = null;
        }
      }
      const missing = held[next];
      if (missing) throw new ArchiveError(`the archive ends without table "${missing.name}"`);
      await checkDerivedCounts(tx, header.version);
      for (const table of ARCHIVE_TABLES) {
        if (table.identity) await moveIdentityPastMax(tx, table.name, table.identity);
      }
      return counts;
    });
    return { header, rows, warnings };
  } finally {
    await events.return(undefined);
  }
}
