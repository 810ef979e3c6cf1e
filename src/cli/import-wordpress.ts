// npm run import:wordpress -- [--map map.json] [--type category=issue] [--dry-run] [--json]
//   [--time-zone Europe/Berlin] export.xml
import { statSync } from "node:fs";
import { parseArgs } from "node:util";
import { runImport } from "../import/entries.js";
import { importWxr, scanWxr } from "../import/wordpress.js";
import { timeZone } from "../validation.js";
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
  options: { ...COMMON_OPTIONS, "time-zone": { type: "string", default: "UTC" } },
});
const [path, ...extra] = positionals;
if (!path || extra.length > 0) {
  process.stderr.write(
    "usage: npm run import:wordpress -- [--map map.json] [--type category=type] [--dry-run] [--json] [--time-zone ZONE] <export.xml>\n",
  );
  process.exit(2);
}
try {
  if (!statSync(path).isFile()) throw new Error("not a file");
} catch (error) {
  process.stderr.write(`error: cannot read ${path}: ${(error as Error).message}\n`);
  process.exit(2);
}
const zone = values["time-zone"] ?? "UTC";
if (!timeZone.safeParse(zone).success) {
  process.stderr.write(`error: --time-zone ${zone}: not an IANA time zone such as Europe/Berlin\n`);
  process.exit(2);
}
const mapping = mappingOrExit(values);

await runCli(async (database, config) => {
  const started = Date.now();
  // First pass: well-formed, a WordPress export, its attachments; nothing written yet.
  const site = await scanWxr(path);
  process.stderr.write(`reading ${path} (WXR ${site.version}, ${site.source})\n`);
  const { scope, close } = await importScope(database.db, config);
  try {
    const report = await runImport(
      scope,
      { source: site.source, mapping, dryRun: values["dry-run"] },
      async (importer) => {
        const bar = progress(() => importer.report);
        await importWxr(path, site, importer, { timeZone: zone }, bar.tick);
        bar.done();
      },
    );
    printReport(report, values.json);
    process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await close();
  }
});
