import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import type { EventBus } from "../../src/bus/bus.js";
import { KINDS } from "../../src/content/kinds.js";
import type { Db } from "../../src/db/client.js";
import { runImport } from "../../src/import/entries.js";
import { importFeed } from "../../src/import/feed.js";
import { loadMapping } from "../../src/import/mapping.js";
import { importWxr, scanWxr } from "../../src/import/wordpress.js";

export const FIXTURES = new URL("./fixtures/", import.meta.url).pathname;
export const NOW = new Date("2026-12-01T12:00:00Z");
export const MAP = join(FIXTURES, "map.json");

/** What `npm run import:wordpress` does, in this process (the app's bus hears it). */
export async function importWordPress(
  db: Db,
  bus: EventBus,
  path: string,
  options: { dryRun?: boolean; map?: string } = {},
) {
  const site = await scanWxr(path);
  return runImport(
    { db, bus, now: NOW, kinds: KINDS },
    { source: site.source, mapping: loadMapping(options.map ?? MAP), dryRun: options.dryRun },
    (importer) => importWxr(path, site, importer, { timeZone: "UTC" }),
  );
}

/** What `npm run import:feed` does, in this process. */
export async function importFeedFrom(
  db: Db,
  bus: EventBus,
  location: string,
  options: { maxPages?: number } = {},
) {
  return runImport(
    { db, bus, now: NOW, kinds: KINDS },
    { source: `feed:${location}`, mapping: loadMapping(MAP) },
    (importer) =>
      importFeed(location, importer, { maxPages: options.maxPages ?? 50, timeoutMs: 5_000 }, NOW),
  );
}

/** This test file's folder for fixture variants (made on first use), removed after its tests. */
let root: string | null = null;
let made = 0;
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A copy of a fixture with some text replaced (every occurrence), in a temporary folder. */
export function variant(name: string, edits: [string, string][], as = name): string {
  let text = readFileSync(join(FIXTURES, name), "utf8");
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`fixture ${name} has no ${from}`);
    text = text.split(from).join(to);
  }
  root ??= mkdtempSync(join(tmpdir(), "nca-import-"));
  const dir = join(root, String(++made));
  mkdirSync(dir);
  const path = join(dir, as);
  writeFileSync(path, text);
  return path;
}
