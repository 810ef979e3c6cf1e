// npm run archive:import [-- --accept-voter-key-change] archive.json
// (or `-` for stdin; into an empty, migrated database)
import { createReadStream, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { importArchive } from "../archive/import.js";
import { voterKeyOf } from "../archive/voter-key.js";
import { analyzeAll } from "../content/entry/writes.js";
import { runCli } from "./open.js";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  strict: true,
  options: { "accept-voter-key-change": { type: "boolean", default: false } },
});
const [path, ...extra] = positionals;
if (!path || extra.length > 0) {
  process.stderr.write(
    "usage: npm run archive:import [-- --accept-voter-key-change] <archive.json | ->\n",
  );
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

await runCli(async (database, config) => {
  const started = Date.now();
  const current = await voterKeyOf(database.db, config.appSecret);
  const source = path === "-" ? process.stdin : createReadStream(path);
  process.stderr.write(`importing ${path === "-" ? "stdin" : path}\n`);
  const report = await importArchive(database.db, source, {
    voterKey: { current, acceptChange: values["accept-voter-key-change"] },
    onTable: (table, rows) => process.stderr.write(`  ${table.padEnd(24)} ${rows} rows\n`),
  });
  // Planner statistics for the bulk load (see seed.ts).
  await analyzeAll(database.db);
  for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
  const { header } = report;
  const counts = Object.entries(report.rows);
  const total = counts.reduce((n, [, rows]) => n + rows, 0);
  process.stderr.write(
    `imported ${total} rows of ${counts.length} tables in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
      `(format version ${header.version}, exported ${header.exportedAt ?? "at an unrecorded time"} from ${header.source?.database ?? "an unnamed database"}):\n` +
      `  ${counts.map(([table, rows]) => `${table} ${rows}`).join(", ")}\n`,
  );
});
