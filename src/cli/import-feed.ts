// npm run import:feed -- [--map map.json] [--type category=type] [--dry-run] [--json]
//   [--max-pages 50] [--timeout 15] URL|FILE
import { parseArgs } from "node:util";
import { runImport } from "../import/entries.js";
import { importFeed } from "../import/feed.js";
import {
  COMMON_OPTIONS,
  importScope,
  mappingOrExit,
  printReport,
  progress,
} from "./import-common.js";
import { runCli } from "./open.js";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  strict: true,
  options: {
    ...COMMON_OPTIONS,
    "max-pages": { type: "string", default: "50" },
    timeout: { type: "string", default: "15" },
  },
});
const [location, ...extra] = positionals;
const maxPages = Number(values["max-pages"]);
const timeoutMs = Number(values.timeout) * 1000;
if (!location || extra.length > 0 || !(maxPages >= 1) || !(timeoutMs > 0)) {
  process.stderr.write(
    "usage: npm run import:feed -- [--map map.json] [--type category=type] [--dry-run] [--json] [--max-pages N] [--timeout SECONDS] <URL | file>\n",
  );
  process.exit(2);
}
const mapping = mappingOrExit(values);

await runCli(async (database, config) => {
  const started = Date.now();
  process.stderr.write(`reading ${location}\n`);
  const { scope, close } = await importScope(database.db, config);
  try {
    const report = await runImport(
      scope,
      { source: `feed:${location}`, mapping, dryRun: values["dry-run"] },
      async (importer) => {
        const bar = progress(() => importer.report);
        await importFeed(location, importer, { maxPages, timeoutMs, onItem: bar.tick }, scope.now);
        bar.done();
      },
    );
    printReport(report, values.json);
    process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await close();
  }
});
