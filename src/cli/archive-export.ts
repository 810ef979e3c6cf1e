// npm run -s archive:export [-- --no-timestamp] [-- --output archive.json] > archive.json
// -s (--silent) keeps npm's "> script" banner out of stdout, which must be the archive alone.

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { parseArgs } from "node:util";
import { exportArchive } from "../archive/export.js";
import { streamSink } from "../archive/sink.js";
import { voterKeyOf } from "../archive/voter-key.js";
import { runCli } from "./open.js";

const { values } = parseArgs({
  options: {
    "no-timestamp": { type: "boolean", default: false },
    output: { type: "string", short: "o" },
    "page-size": { type: "string", default: "2000" },
  },
  strict: true,
});

const pageSize = Number(values["page-size"]);
if (!Number.isInteger(pageSize) || pageSize < 1) {
  process.stderr.write(
    `--page-size must be a positive whole number, got "${values["page-size"]}"\n`,
  );
  process.exit(2);
}

const size = (bytes: number) =>
  bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;

await runCli(async (database, config) => {
  const started = Date.now();
  const voterKey = await voterKeyOf(database.db, config.appSecret);
  const file = values.output ? createWriteStream(values.output) : null;
  const target = streamSink(file ?? process.stdout);
  const report = await exportArchive(database, target.write, {
    exportedAt: values["no-timestamp"] ? null : new Date(),
    pageSize,
    voterKey,
    onTable: (table, rows) => process.stderr.write(`  ${table.padEnd(24)} ${rows} rows\n`),
  });
  if (file) {
    file.end();
    await once(file, "finish");
  }
  const total = Object.values(report.rows).reduce((a, b) => a + b, 0);
  process.stderr.write(
    `exported ${total} rows of ${Object.keys(report.rows).length} tables, ${size(report.bytes)}, in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
});
