/**
 * What import:wordpress and import:feed share: their flags, the bus a running server hears
 * (through Redis when REDIS_URL is set), a progress line on a terminal, the report.
 */
import { Redis } from "ioredis";
import { EventBus } from "../bus/bus.js";
import { connectRedisTransport } from "../bus/redis.js";
import { installResponseCache } from "../cache/install.js";
import { createPurger, purgeTargets } from "../cdn/purger.js";
import type { Config } from "../config.js";
import { KINDS } from "../content/kinds.js";
import type { Db } from "../db/client.js";
import type { ImportScope } from "../import/entries.js";
import { loadMapping, type Mapping } from "../import/mapping.js";
import { formatReport, type ImportReport } from "../import/report.js";
import { createLogger } from "../logger.js";

/** Flags both commands take (node:util parseArgs options). */
export const COMMON_OPTIONS = {
  map: { type: "string" },
  type: { type: "string", multiple: true },
  "dry-run": { type: "boolean", default: false },
  json: { type: "boolean", default: false },
} as const;

export function mappingOrExit(values: { map?: string; type?: string[] }): Mapping {
  try {
    return loadMapping(values.map, values.type ?? []);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(2);
  }
}

/**
 * The import's bus. A running server hears the import only through Redis (REDIS_URL): its
 * feed documents and in-process caches drop on the one "shared-data-changed" event; a shared
 * (Redis) response cache and the HTTP cache in front (CDN_PURGE_URL) are purged here, since
 * servers leave those to the instance that wrote. Without Redis a running server is not told
 * (see docs/import.md).
 */
export async function importScope(
  db: Db,
  config: Config,
): Promise<{ scope: ImportScope; close(): Promise<void> }> {
  const logger = createLogger(process.env.LOG_LEVEL ?? "warn");
  const transport = config.redisUrl
    ? await connectRedisTransport(config.redisUrl, logger, `${config.redisPrefix}:events`)
    : undefined;
  const bus = new EventBus((err) => logger.error({ err }, "event listener failed"), transport);
  let redis: Redis | undefined;
  if (config.redisUrl && config.responseCache) {
    redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
    await redis.connect();
    const cache = installResponseCache({
      db,
      redis,
      redisPrefix: config.redisPrefix,
      clock: () => new Date(),
      logger,
    });
    bus.subscribe(cache.onWrite, "local");
  }
  // The HTTP cache in front: servers purge only their own writes, so the import purges its own.
  const targets = purgeTargets(config.edge);
  const purger = targets.length ? createPurger({ targets, logger }) : null;
  if (purger) bus.subscribe(purger.onEvent, "local");
  return {
    scope: { db, bus, now: new Date(), kinds: KINDS },
    async close() {
      // Let the last publish reach Redis before the connections go.
      await new Promise((resolve) => setTimeout(resolve, transport ? 200 : 0));
      await purger?.close();
      await bus.close();
      redis?.disconnect();
    },
  };
}

/** "imported 1,234 items" on one rewritten stderr line, on a terminal only, at most 10 times a second. */
export function progress(report: () => ImportReport): { tick(): void; done(): void } {
  if (!process.stderr.isTTY) return { tick() {}, done() {} };
  let last = 0;
  const draw = () => {
    const r = report();
    process.stderr.write(`\r  ${r.items} items read, ${r.skipped.length} skipped  `);
  };
  return {
    tick() {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw();
    },
    done() {
      draw();
      process.stderr.write("\n");
    },
  };
}

/** The report: as JSON on stdout with --json, else as lines on stdout. */
export function printReport(report: ImportReport, json: boolean): void {
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
}
