// npm run db:seed [-- --synthetic N [--seed S] [--until YYYY-MM-DD]]
import { parseArgs } from "node:util";
import { SingleBar } from "cli-progress";
import { seedReference } from "../../seeds/load.js";
import { DEFAULT_UNTIL, seedSynthetic } from "../../seeds/synthetic.js";
import { analyzeAll } from "../content/entry/writes.js";
import { runCli } from "./open.js";

const { values } = parseArgs({
  options: {
    synthetic: { type: "string" },
    seed: { type: "string", default: "1" },
    until: { type: "string", default: DEFAULT_UNTIL },
    "batch-size": { type: "string", default: "100" },
  },
  strict: true,
});

function positive(name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`--${name} must be a whole number, got ${JSON.stringify(raw)}\n`);
    process.exit(2);
  }
  return n;
}

const synthetic = values.synthetic === undefined ? 0 : positive("synthetic", values.synthetic);
const seed = positive("seed", values.seed);
const batchSize = Math.max(1, positive("batch-size", values["batch-size"]));
if (!/^\d{4}-\d{2}-\d{2}$/.test(values.until ?? "")) {
  process.stderr.write(`--until must be a date YYYY-MM-DD, got ${JSON.stringify(values.until)}\n`);
  process.exit(2);
}

await runCli(async (database) => {
  const report = await seedReference(database.db);
  const n = Object.values(report.inserted).reduce((a, b) => a + b, 0);
  process.stderr.write(
    n === 0
      ? "reference archive: already present, nothing changed\n"
      : `reference archive: inserted ${JSON.stringify(report.inserted)}\n`,
  );
  if (synthetic > 0) {
    const bar = new SingleBar({
      format: "synthetic weeks [{bar}] {percentage}% {value}/{total} eta {eta_formatted}",
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    });
    bar.start(synthetic, 0);
    const started = Date.now();
    const { inserted } = await seedSynthetic(database.db, {
      count: synthetic,
      seed,
      until: values.until,
      batchSize,
      onProgress: (done) => bar.update(done),
    });
    bar.stop();
    process.stderr.write(
      `synthetic: ${inserted} new weeks (seed ${seed}, ${synthetic - inserted} already present) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    // Planner statistics now, not whenever autovacuum gets to it: without them Postgres sorts
    // every issue for the front page instead of walking the index (measured: 5 ms vs 0.06 ms).
    if (inserted > 0) await analyzeAll(database.db);
  }
});
