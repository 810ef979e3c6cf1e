import { isIP } from "node:net";
import { z } from "zod";
import { previewTemplateProblem } from "./text/preview-url.js";

/**
 * Every default of the server, in one place: what the environment leaves unset, and what
 * `createApp` and the feature modules use when their caller (tests, the bench) says nothing.
 */
export const DEFAULTS = {
  port: 4000,
  host: "127.0.0.1",
  dataDir: "./.data",
  logLevel: "info",
  /** Readable lines on a terminal, JSON otherwise. */
  logFormat: "auto",
  /** One line per request at this level: LOG_LEVEL=info shows them, warn hides them. */
  requestLogLevel: "info",
  shutdownTimeoutMs: 10_000,
  /** V8 grows the heap to (1 + this/100) × what survived the last full GC; 0: V8's own rule. */
  heapGrowthPercent: 50,
  /** How long /readyz says "draining" before the listener closes: none in development. */
  shutdownGraceMs: { development: 0, production: 5_000 },
  seedOnStart: true,
  redisPrefix: "nca",
  database: {
    poolSize: 10,
    statementTimeoutMs: 10_000,
    /** DATABASE_READ_URL: public reads leave a replica further behind than maxLagMs. */
    replica: { maxLagMs: 5_000, checkIntervalMs: 1_000 },
  },
  http: {
    maxBodyBytes: 1_048_576,
    requestTimeoutMs: 30_000,
    graphiql: true,
    introspection: true,
    persisted: { mode: "off" as const, operations: {} as Record<string, string> },
    corsOrigins: "*" as const,
    trustProxy: 0,
    subscriptions: { perClient: 20, total: 1_000 },
  },
  graphql: { jit: true, responseCache: true, responseCacheMaxTtlMs: 300_000 },
  /** Rendered feed documents are kept until a change drops them. */
  feedCache: true,
  feeds: {
    siteTitle: "Community newsletter archive",
    rights: "Copyright the newsletter's authors. Syndication welcome with a link to the original.",
    language: "en",
    itemLimit: 50,
  },
  /** Per client: 30 votes a minute is generous for readers and stops scripted stuffing. */
  votes: { rateLimit: { limit: 30, windowMs: 60_000 }, concurrency: 4 },
  /**
   * /admin sign-ins: 10 failed attempts per client address in 15 minutes, then 429 until the
   * window ends. Tokens have 256 bits, so this is against noise and log flooding more than guessing.
   */
  admin: { signInLimit: { limit: 10, windowMs: 15 * 60_000 } },
  webhooks: {
    /** 10 s, 1 min, 5 min, 30 min, 2 h, 6 h: seven attempts over about 8.6 hours. */
    retryDelaysMs: [10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000],
    pollIntervalMs: 1_000,
    concurrency: 4,
    timeoutMs: 10_000,
  },
  websub: { debounceMs: 1_000, retryDelaysMs: [1_000, 5_000, 30_000] },
} as const;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const port = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(0, "must be 0–65535")
  .max(65535, "must be 0–65535");
/** "10.0.0.0/8", "::1/128" or a single address. */
function isRange(value: string): boolean {
  const [address = "", bits, extra] = value.split("/");
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/** "a, b,,c" → ["a", "b", "c"]. */
const commaList = z.string().transform((s) =>
  s
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean),
);

function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}

const positiveInt = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .positive("must be greater than 0");
const httpUrl = z
  .url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" })
  .transform((u) => u.replace(/\/+$/, ""));
const databaseUrl = z
  .string()
  .refine(
    (u) => u === "memory://" || /^postgres(ql)?:\/\/.+/.test(u) || /^file:/.test(u),
    "must be postgres://…, postgresql://…, memory:// or file:<dir>",
  );
/** Treat `VAR=` like an unset variable, as shells and .env files commonly produce it. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const envSchema = z.object({
  PORT: optional(port),
  HOST: optional(z.string().min(1)),
  DATABASE_URL: optional(databaseUrl),
  DATABASE_READ_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\/.+/, "must be postgres://… or postgresql://…"),
  ),
  DATABASE_READ_MAX_LAG_MS: optional(positiveInt),
  DATABASE_READ_CHECK_MS: optional(positiveInt.min(10, "must be at least 10")),
  DATABASE_POOL_SIZE: optional(positiveInt.max(200, "must be at most 200")),
  DATA_DIR: optional(z.string().min(1)),
  PUBLIC_URL: optional(httpUrl),
  SITE_URL: optional(httpUrl),
  REDIS_URL: optional(z.url({ protocol: /^rediss?$/, error: "must be redis://… or rediss://…" })),
  REDIS_PREFIX: optional(
    z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be 1–64 of A–Z a–z 0–9 _ . : -"),
  ),
  WEBSUB_HUB_URL: optional(httpUrl),
  CDN_PURGE_URL: optional(
    commaList.refine((urls) => urls.length > 0 && urls.every(isHttpUrl), {
      message: "must be absolute http(s) URLs, comma-separated (one per cache node)",
    }),
  ),
  CDN_PURGE_FORMAT: optional(
    z.enum(["varnish", "fastly", "cloudflare"], { error: "must be varnish, fastly or cloudflare" }),
  ),
  CDN_PURGE_TOKEN: optional(z.string().min(1)),
  PREVIEW_URL: optional(
    z.string().superRefine((template, ctx) => {
      const problem = previewTemplateProblem(template);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  ),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` })),
  LOG_FORMAT: optional(
    z.enum(["auto", "json", "pretty"], { error: "must be auto, json or pretty" }),
  ),
  REQUEST_LOG_LEVEL: optional(
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }),
  ),
  FEED_ITEM_LIMIT: optional(positiveInt.max(500, "must be at most 500")),
  SHUTDOWN_TIMEOUT_MS: optional(positiveInt),
  HEAP_GROWTH_PERCENT: optional(
    z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(0, "must be 0 (V8's own rule) or more")
      .max(1000, "must be at most 1000"),
  ),
  SHUTDOWN_GRACE_MS: optional(
    z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(0, "must not be negative"),
  ),
  SEED_ON_START: optional(z.enum(["true", "false"], { error: "must be true or false" })),
  NODE_ENV: optional(z.string()),
  MAX_BODY_BYTES: optional(positiveInt.max(50_000_000, "must be at most 50000000")),
  REQUEST_TIMEOUT_MS: optional(positiveInt),
  MAX_SUBSCRIPTIONS_PER_CLIENT: optional(positiveInt.max(10_000, "must be at most 10000")),
  MAX_SUBSCRIPTIONS: optional(positiveInt.max(100_000, "must be at most 100000")),
  DB_STATEMENT_TIMEOUT_MS: optional(positiveInt),
  GRAPHIQL: optional(z.enum(["on", "off"], { error: "must be on or off" })),
  INTROSPECTION: optional(z.enum(["on", "off"], { error: "must be on or off" })),
  PERSISTED_OPERATIONS: optional(
    z.enum(["off", "allow", "only"], { error: "must be off, allow or only" }),
  ),
  PERSISTED_OPERATIONS_FILE: optional(z.string().min(1)),
  CORS_ORIGINS: optional(z.string().min(1)),
  WEBHOOK_ALLOW_PRIVATE: optional(
    commaList.refine((ranges) => ranges.every(isRange), {
      message: 'must be IP addresses or CIDR ranges, comma-separated ("10.1.0.0/16,::1/128")',
    }),
  ),
  RESPONSE_CACHE: optional(z.enum(["on", "off"], { error: "must be on or off" })),
  FEED_CACHE: optional(z.enum(["on", "off"], { error: "must be on or off" })),
  GRAPHQL_JIT: optional(z.enum(["on", "off"], { error: "must be on or off" })),
  TRUST_PROXY: optional(
    z
      .string()
      .regex(/^(true|false|[0-9]|10)$/, "must be true, false or the number of proxies (0–10)"),
  ),
  APP_SECRET: optional(z.string().min(32, "must be at least 32 characters")),
  SITE_TITLE: optional(z.string().trim().min(1).max(200)),
  FEED_RIGHTS: optional(z.string().trim().min(1).max(500)),
  FEED_LANGUAGE: optional(
    z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language tag like en or en-GB"),
  ),
  FEED_ID_AUTHORITY: optional(
    z
      .string()
      .regex(
        /^([^\s@]+@)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i,
        "must be a domain name or an email address (RFC 4151), with no port",
      ),
  ),
});

/** Typed, validated configuration; read once at start-up by the entry point, never by modules. */
export interface Config {
  port: number;
  host: string;
  /** Undefined: embedded PGlite persisted under `dataDir`. */
  databaseUrl: string | undefined;
  /** A streaming replica of DATABASE_URL for public reads (postgres only). */
  databaseReadUrl: string | undefined;
  /** Public reads leave the replica while it is further behind than this. */
  databaseReadMaxLagMs: number;
  /** How often the replica's lag is measured. */
  databaseReadCheckMs: number;
  databasePoolSize: number;
  dataDir: string;
  publicUrl: string;
  siteUrl: string;
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel: deployments sharing one Redis stay apart. */
  redisPrefix: string;
  websubHubUrl: string | undefined;
  /**
   * The site's preview route as a template, e.g. `https://site.example/api/preview?token={token}&path={path}`
   * (src/read/urls.ts, previewUrl); unset: previews have no previewUrl.
   */
  previewUrl: string | undefined;
  /**
   * The HTTP cache in front: which one (the key header it reads besides Surrogate-Key), and
   * where writes purge their keys (src/cdn/purger.ts). Undefined: Surrogate-Key only, no purges.
   */
  edge:
    | { format: "varnish" | "fastly" | "cloudflare"; purgeUrls?: string[]; token?: string }
    | undefined;
  logLevel: LogLevel;
  /** auto: readable lines when stdout is a terminal, JSON otherwise. */
  logFormat: "auto" | "json" | "pretty";
  /** The level of the one line per request (silent: none). */
  requestLogLevel: LogLevel;
  feedItemLimit: number;
  shutdownTimeoutMs: number;
  /** See DEFAULTS.heapGrowthPercent. */
  heapGrowthPercent: number;
  /** On SIGTERM: answer /readyz 503 "draining" this long before closing the listener. */
  shutdownGraceMs: number;
  seedOnStart: boolean;
  /** Signs previews, keys voter hashes, encrypts webhook secrets. Unset: generated once, kept in the database. */
  appSecret: string | undefined;
  /**
   * How many proxies in front append to X-Forwarded-For (0: none, the socket's address is the
   * client). The client is the entry the outermost trusted proxy appended, never one the
   * client could write.
   */
  trustProxy: number;
  /** Cache public GraphQL answers (exact invalidation by the event bus). */
  responseCache: boolean;
  /** Keep rendered feed documents until a change drops them; off: every request builds. */
  feedCache: boolean;
  /** Run public queries through graphql-jit's compiled executors (see README, Benchmarks). */
  graphqlJit: boolean;
  maxBodyBytes: number;
  /** Open live-update streams per client address and per instance (429 / 503 past them). */
  subscriptions: { perClient: number; total: number };
  requestTimeoutMs: number;
  dbStatementTimeoutMs: number;
  graphiql: boolean;
  introspection: boolean;
  /** off: any query; allow: persisted ids or full queries; only: persisted ids alone. */
  persistedOperations: "off" | "allow" | "only";
  persistedOperationsFile: string | undefined;
  /** "*" or a list of allowed origins. */
  corsOrigins: "*" | string[];
  /** Names the feeds and their author. */
  siteTitle: string;
  /** Rights statement carried by every feed and entry. */
  feedRights: string;
  feedLanguage: string;
  /** Private or special-purpose ranges webhook deliveries may reach (none by default). */
  webhookAllowPrivate: string[];
  /** Authority of entry ids (tag:<authority>,<year>:…): permanent, never the listening port. */
  feedIdAuthority: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** TRUST_PROXY: true is one proxy, false none, or a count for a chain (CDN, then a balancer). */
function proxyHops(value: string | undefined): number {
  if (value === undefined || value === "false") return 0;
  return value === "true" ? 1 : Number(value);
}

/** CDN_PURGE_*: a purge URL needs its format, and Fastly and Cloudflare need a token. */
function edgeOf(e: z.infer<typeof envSchema>): Config["edge"] {
  const format = e.CDN_PURGE_FORMAT;
  if (e.CDN_PURGE_URL && !format) {
    throw new ConfigError([
      "CDN_PURGE_FORMAT: required when CDN_PURGE_URL is set (varnish, fastly or cloudflare)",
    ]);
  }
  if (!format) return undefined;
  if (e.CDN_PURGE_URL && format !== "varnish" && !e.CDN_PURGE_TOKEN) {
    throw new ConfigError([`CDN_PURGE_TOKEN: required to purge at ${format} (its API token)`]);
  }
  if (e.CDN_PURGE_URL && format !== "varnish" && e.CDN_PURGE_URL.length > 1) {
    throw new ConfigError([
      `CDN_PURGE_URL: one URL for ${format} (its purge API); several are for Varnish nodes`,
    ]);
  }
  return { format, purgeUrls: e.CDN_PURGE_URL, token: e.CDN_PURGE_TOKEN };
}

/** Parse the environment; throws ConfigError naming every bad variable and why. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        return `${name}: ${issue.message} (got ${JSON.stringify(env[name])})`;
      }),
    );
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  if ((e.PERSISTED_OPERATIONS ?? "off") !== "off" && !e.PERSISTED_OPERATIONS_FILE) {
    throw new ConfigError([
      "PERSISTED_OPERATIONS_FILE: required when PERSISTED_OPERATIONS is allow or only",
    ]);
  }
  if (e.DATABASE_READ_URL && !/^postgres(ql)?:\/\//.test(e.DATABASE_URL ?? "")) {
    throw new ConfigError([
      "DATABASE_READ_URL: a read replica needs DATABASE_URL to be a PostgreSQL server (postgres://…); the embedded database (PGlite) has no replicas",
    ]);
  }
  const edge = edgeOf(e);
  const port = e.PORT ?? DEFAULTS.port;
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${port}`;
  const siteUrl = e.SITE_URL ?? publicUrl;
  return {
    port,
    host: e.HOST ?? DEFAULTS.host,
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    databaseReadMaxLagMs: e.DATABASE_READ_MAX_LAG_MS ?? DEFAULTS.database.replica.maxLagMs,
    databaseReadCheckMs: e.DATABASE_READ_CHECK_MS ?? DEFAULTS.database.replica.checkIntervalMs,
    databasePoolSize: e.DATABASE_POOL_SIZE ?? DEFAULTS.database.poolSize,
    dataDir: e.DATA_DIR ?? DEFAULTS.dataDir,
    publicUrl,
    siteUrl,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX ?? DEFAULTS.redisPrefix,
    websubHubUrl: e.WEBSUB_HUB_URL,
    previewUrl: e.PREVIEW_URL,
    edge,
    logLevel: e.LOG_LEVEL ?? DEFAULTS.logLevel,
    logFormat: e.LOG_FORMAT ?? DEFAULTS.logFormat,
    requestLogLevel: e.REQUEST_LOG_LEVEL ?? DEFAULTS.requestLogLevel,
    feedItemLimit: e.FEED_ITEM_LIMIT ?? DEFAULTS.feeds.itemLimit,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS ?? DEFAULTS.shutdownTimeoutMs,
    heapGrowthPercent: e.HEAP_GROWTH_PERCENT ?? DEFAULTS.heapGrowthPercent,
    shutdownGraceMs:
      e.SHUTDOWN_GRACE_MS ?? DEFAULTS.shutdownGraceMs[production ? "production" : "development"],
    seedOnStart: e.SEED_ON_START ? e.SEED_ON_START === "true" : DEFAULTS.seedOnStart,
    appSecret: e.APP_SECRET,
    trustProxy: proxyHops(e.TRUST_PROXY),
    responseCache: e.RESPONSE_CACHE ? e.RESPONSE_CACHE === "on" : DEFAULTS.graphql.responseCache,
    feedCache: e.FEED_CACHE ? e.FEED_CACHE === "on" : DEFAULTS.feedCache,
    graphqlJit: e.GRAPHQL_JIT ? e.GRAPHQL_JIT === "on" : DEFAULTS.graphql.jit,
    maxBodyBytes: e.MAX_BODY_BYTES ?? DEFAULTS.http.maxBodyBytes,
    subscriptions: {
      perClient: e.MAX_SUBSCRIPTIONS_PER_CLIENT ?? DEFAULTS.http.subscriptions.perClient,
      total: e.MAX_SUBSCRIPTIONS ?? DEFAULTS.http.subscriptions.total,
    },
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS ?? DEFAULTS.http.requestTimeoutMs,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS ?? DEFAULTS.database.statementTimeoutMs,
    graphiql: (e.GRAPHIQL ?? (production ? "off" : "on")) === "on",
    introspection: (e.INTROSPECTION ?? (production ? "off" : "on")) === "on",
    persistedOperations: e.PERSISTED_OPERATIONS ?? "off",
    persistedOperationsFile: e.PERSISTED_OPERATIONS_FILE,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE ?? [],
    corsOrigins:
      !e.CORS_ORIGINS || e.CORS_ORIGINS.trim() === "*"
        ? "*"
        : e.CORS_ORIGINS.split(",")
            .map((o) => o.trim())
            .filter(Boolean),
    siteTitle: e.SITE_TITLE ?? DEFAULTS.feeds.siteTitle,
    feedRights: e.FEED_RIGHTS ?? DEFAULTS.feeds.rights,
    feedLanguage: e.FEED_LANGUAGE ?? DEFAULTS.feeds.language,
    feedIdAuthority: e.FEED_ID_AUTHORITY ?? new URL(siteUrl).hostname,
  };
}

/** The configuration of a process about to start; a bad variable ends it (exit 2) with why. */
export function configOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}
