// Entry point: config → database (migrated, seeded when empty) → app → node:http, with graceful shutdown.

import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { seedIfEmpty } from "../seeds/load.js";
import { type AppOptions, createApp } from "./app.js";
import { deriveKeys, type Keys, loadAppSecret } from "./auth/keys.js";
import { EventBus } from "./bus/bus.js";
import { connectRedisTransport } from "./bus/redis.js";
import { purgeTargets } from "./cdn/purger.js";
import { type Config, configOrExit } from "./config.js";
import { startControl } from "./control/server.js";
import { controlSocketPath } from "./control/socket.js";
import { type Database, openDatabase } from "./db/client.js";
import { type DatabaseProblem, databaseProblem } from "./db/errors.js";
import { DatabaseHeldError } from "./db/owner.js";
import { unavailable } from "./errors.js";
import { SEMI_SPACE_MB, semiSpaceMb, tuneHeapGrowth } from "./heap.js";
import { limitBodies } from "./http/body-limit.js";
import { withFastLane } from "./http/fast-lane.js";
import { startingMessage } from "./http/health.js";
import { logRequests } from "./http/request-log.js";
import { createLogger, type Logger } from "./logger.js";
import { listen } from "./server.js";
import { DestinationPolicy } from "./webhooks/destination.js";

const config = configOrExit();
tuneHeapGrowth(config.heapGrowthPercent);

const logger = createLogger(config.logLevel, config.logFormat);
const semiSpace = semiSpaceMb();
logger.info({ semiSpaceMb: semiSpace, heapGrowthPercent: config.heapGrowthPercent }, "heap");
if (semiSpace === null)
  logger.warn(
    `started without --max-semi-space-size: V8's 16 MB young generation costs about a fifth of the CPU of a busy front page (npm start passes ${SEMI_SPACE_MB}; docs/operations.md)`,
  );
const database = await openDatabase({
  url: config.databaseUrl,
  dataDir: config.dataDir,
  poolSize: config.databasePoolSize,
  statementTimeoutMs: config.dbStatementTimeoutMs,
  owner: "the server",
}).catch((error: Error) => {
  if (!(error instanceof DatabaseHeldError)) throw error;
  logger.fatal(error.message);
  process.exit(1);
});
logger.info({ database: database.describe }, "database opened");
// The embedded database is this process's alone: token commands reach it through a local socket.
const control = database.ownership
  ? await startControl({
      path: controlSocketPath(database.ownership.dir),
      db: database.db,
      logger,
      clock: () => new Date(),
    })
  : undefined;
if (control && database.ownership) database.ownership.advertise(control.path);
// A streaming replica for public reads; routing and lag checks live in src/db/replica.ts.
const replica = config.databaseReadUrl
  ? await openDatabase({
      url: config.databaseReadUrl,
      poolSize: config.databasePoolSize,
      statementTimeoutMs: config.dbStatementTimeoutMs,
    })
  : undefined;
if (replica) logger.info({ replica: replica.describe }, "read replica configured");

/** The persisted operations file: { "<sha256 of the document>": "<document>" }. */
function loadPersistedOperations(file: string): Record<string, string> {
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new Error(`${file}: expected an object mapping operation ids to documents`);
  }
  return parsed as Record<string, string>;
}

/**
 * Migrate and seed; while that fails, say why and keep trying: every request and /readyz
 * answer 503 with the reason meanwhile, and the server comes up once the database does.
 */
/** The HTTP cache in front, as createApp takes it. */
function edgeOf(edge: Config["edge"]): AppOptions["edge"] {
  if (!edge) return undefined;
  const targets = purgeTargets(edge);
  return { format: edge.format, purge: targets.length ? { targets } : undefined };
}

async function prepare(db: Database, log: Logger, stopped: () => boolean): Promise<void> {
  for (let attempt = 1; !stopped(); attempt++) {
    try {
      await db.migrate();
      keys ??= deriveKeys(await loadAppSecret(db.db, config.appSecret));
      if (config.seedOnStart) await seedIfEmpty(db.db, log);
      if (startProblem) log.info({ attempt }, "database ready after all");
      else log.info("database ready");
      startProblem = undefined;
      started = true;
      app.startBackground();
      return;
    } catch (error) {
      const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
      startProblem = databaseProblem(error);
      const { reason, detail, hint } = startProblem;
      log.error({ reason, hint, attempt, retryInMs: delay }, `database not ready: ${detail}`);
      await new Promise((r) => setTimeout(r, delay).unref());
    }
  }
}

let stopping = false;
let started = false;
let startProblem: DatabaseProblem | undefined;
let keys: Keys | undefined = config.appSecret
  ? deriveKeys(Buffer.from(config.appSecret, "utf8"))
  : undefined;
// With Redis, events cross instances (feed caches, subscriptions) and vote limits are shared.
const redis = config.redisUrl
  ? new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 })
  : undefined;
const transport = config.redisUrl
  ? await connectRedisTransport(config.redisUrl, logger, `${config.redisPrefix}:events`)
  : undefined;
if (redis) {
  redis.on("error", (err: Error) => logger.warn({ err: err.message }, "redis: connection problem"));
  await redis.connect();
  logger.info("redis connected: events and vote limits are shared across instances");
}
const bus = new EventBus(
  (err, event) => logger.error({ err, event: event.kind }, "event listener failed"),
  transport,
);

const app = createApp({
  bus,
  lifecycle: () => (stopping ? "draining" : started ? "serving" : "starting"),
  startProblem: () => startProblem,
  background: "later",
  redis,
  redisPrefix: config.redisPrefix,
  responseCache: config.responseCache,
  feedCache: config.feedCache,
  jit: config.graphqlJit,
  webhooks: { destinations: new DestinationPolicy(config.webhookAllowPrivate) },
  edge: edgeOf(config.edge),
  http: {
    graphiql: config.graphiql,
    trustProxy: config.trustProxy,
    maxBodyBytes: config.maxBodyBytes,
    subscriptions: config.subscriptions,
    introspection: config.introspection,
    corsOrigins: config.corsOrigins,
    persisted: {
      mode: config.persistedOperations,
      operations: config.persistedOperationsFile
        ? loadPersistedOperations(config.persistedOperationsFile)
        : {},
    },
  },
  database,
  ...(replica
    ? {
        replica: {
          database: replica,
          maxLagMs: config.databaseReadMaxLagMs,
          checkIntervalMs: config.databaseReadCheckMs,
        },
      }
    : {}),
  logger,
  urls: { site: config.siteUrl, public: config.publicUrl, preview: config.previewUrl },
  keys: () => {
    if (!keys) throw unavailable(startingMessage(startProblem));
    return keys;
  },
  feeds: {
    siteTitle: config.siteTitle,
    rights: config.feedRights,
    language: config.feedLanguage,
    itemLimit: config.feedItemLimit,
    hubUrl: config.websubHubUrl,
    idAuthority: config.feedIdAuthority,
  },
});
const preparing = prepare(database, logger, () => stopping);
const handler = limitBodies(withFastLane(app.fastLane, app), config.maxBodyBytes);
const http = await listen(logRequests(handler, logger, config.requestLogLevel), {
  port: config.port,
  host: config.host,
  logger,
  requestTimeoutMs: config.requestTimeoutMs,
});
logger.info({ url: `${http.url}/graphql` }, "listening");
if (process.stdout.isTTY)
  process.stdout.write(
    `\n  GraphQL and GraphiQL: ${http.url}/graphql\n  Feeds: ${http.url}/feeds/all.atom\n\n`,
  );

async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    logger.warn({ signal }, "second signal: exiting now");
    process.exit(1);
  }
  stopping = true;
  http.drain();
  const graceMs = config.shutdownGraceMs;
  logger.info(
    { signal, graceMs, ...http.inFlight() },
    "shutting down: /readyz answers 503 draining; the listener closes after the grace period",
  );
  // A load balancer polling /readyz sees "draining" and stops sending before we stop listening.
  await new Promise((r) => setTimeout(r, graceMs));
  logger.info(
    { timeoutMs: config.shutdownTimeoutMs, ...http.inFlight() },
    "shutting down: listener closed, draining in-flight requests",
  );
  const draining = http.close(config.shutdownTimeoutMs);
  // End subscriptions (their SSE responses complete) and stop background work.
  await app.close();
  await draining;
  await bus.close();
  redis?.disconnect();
  await preparing.catch(() => {});
  await control?.close();
  await database.close();
  await replica?.close();
  logger.info(http.inFlight(), "stopped");
  process.exit(0);
}

process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
