// npm run archive:import archive.json   (or `-` for stdin; into an empty, migrated database)
import { createReadStream, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { importArchive } from "../archive/import.js";
import { analyzeAll } from "../content/entry/writes.js";
import { runCli } from "./open.js";

const { positionals } = parseArgs({ allowPositionals: true, strict: true, options: {} });
const [path, ...extra] = positionals;
if (!path || extra.length > 0) {
  process.stderr.write("usage: npm run archive:import <archive.json | ->\n");
  process.exit(2);
}
if (path !== "-") {
  // Fail before opening (and migrating) the database when the file is not there.
  try {
    if (!statSync(path).isFile()) throw new Error("not a file");
  } catch (error) {
    process.stderr.write(`error: cannot read ${path}: ${(error as Error).message}\n`);
    process.exit(2);
  }
}

await runCli(async (database) => {
  const started = Date.now();
  const source = path === "-" ? process.stdin : createReadStream(path);
  process.stderr.write(`importing ${path === "-" ? "stdin" : path}\n`);
  const report = await importArchive(database.db, source, {
    onTable: (table, rows) => process.stderr.write(`  ${table.padEnd(24)} ${rows} rows\n`),
  });
  // Planner statistics for the bulk load (see seed.ts).
  await analyzeAll(database.db);
  const { header } = report;
  const counts = Object.entries(report.rows);
  const total = counts.reduce((n, [, rows]) => n + rows, 0);
  process.stderr.write(
    `imported ${total} rows of ${counts.length} tables in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
      `(format version ${header.version}, exported ${header.exportedAt ?? "at an unrecorded time"} from ${header.source?.database ?? "an unnamed database"}):\n` +
      `  ${counts.map(([table, rows]) => `${table} ${rows}`).join(", ")}\n`,
  );
});
