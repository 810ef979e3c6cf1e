import type { Database } from "../db/client.js";
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type TableSpec, type VoterKeyRecord } from "./format.js";
import { bufferedSink, type Sink } from "./sink.js";
import { archivePage, useUtc } from "./sql.js";
import { ARCHIVE_TABLES } from "./tables.js";

export interface ExportOptions {
  /** Written as `exportedAt`; null leaves the field out (`--no-timestamp`). Default: now. */
  exportedAt?: Date | null;
  /** Rows per SELECT (default 2,000): bounds memory whatever the archive's size. */
  pageSize?: number;
  /** The key that hashed the votes, recorded so an import can check its own against it. */
  voterKey?: VoterKeyRecord;
  /** Called after each table with the rows written. */
  onTable?: (table: string, rows: number) => void;
}

export interface ExportReport {
  /** Rows written per table, in archive order. */
  rows: Record<string, number>;
  /** Size of the document in UTF-8 bytes. */
  bytes: number;
}

async function writeTable(
  db: Database["db"],
  table: TableSpec,
  pageSize: number,
  write: Sink,
): Promise<number> {
  const columns = Object.entries(table.columns).map(([name, column]) => ({
    name,
    asText: column.kind.type === "numeric",
  }));
  let after: unknown[] | null = null;
  let count = 0;
  for (;;) {
    const page = await archivePage(db, {
      table: table.name,
      columns,
      key: table.key,
      after,
      limit: pageSize,
    });
    for (const row of page) {
      await write(`${count === 0 ? "\n" : ",\n"}      ${row.json}`);
      count++;
    }
    const last = page.at(-1);
    if (!last || page.length < pageSize) return count;
    after = last.key;
  }
}

/**
 * Write the whole archive (the current format version, see `format.ts`) to `sink`, table by table and
 * row by row, from one consistent snapshot (a repeatable-read, read-only transaction).
 * One row per line, rows in key order: the same data always gives the same bytes.
 */
export async function exportArchive(
  database: Pick<Database, "db" | "kind">,
  sink: Sink,
  options: ExportOptions = {},
): Promise<ExportReport> {
  const pageSize = options.pageSize ?? 2_000;
  const exportedAt = options.exportedAt === undefined ? new Date() : options.exportedAt;
  let bytes = 0;
  const out = bufferedSink((chunk) => {
    bytes += Buffer.byteLength(chunk);
    return sink(chunk);
  });
  const rows: Record<string, number> = {};
  await database.db.transaction(
    async (tx) => {
      await useUtc(tx);
      await out.write(
        [
          "{",
          `  "format": ${JSON.stringify(ARCHIVE_FORMAT)},`,
          `  "version": ${ARCHIVE_VERSION},`,
          ...(exportedAt ? [`  "exportedAt": ${JSON.stringify(exportedAt.toISOString())},`] : []),
          `  "source": { "database": ${JSON.stringify(database.kind)} },`,
          ...(options.voterKey ? [`  "voterKey": ${JSON.stringify(options.voterKey)},`] : []),
          `  "tables": {`,
        ].join("\n"),
      );
      for (const [i, table] of ARCHIVE_TABLES.entries()) {
        await out.write(`${i === 0 ? "\n" : ",\n"}    ${JSON.stringify(table.name)}: [`);
        const count = await writeTable(tx, table, pageSize, out.write);
        await out.write(count === 0 ? "]" : "\n    ]");
        rows[table.name] = count;
        options.onTable?.(table.name, count);
      }
      await out.write("\n  }\n}\n");
      await out.flush();
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  return { rows, bytes };
}
