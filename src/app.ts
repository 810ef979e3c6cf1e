import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { createYoga, maskError, type Plugin, type YogaServerInstance } from "graphql-yoga";
import type { Redis } from "ioredis";
import { viewerFromRequest } from "./auth/viewer.js";
import { dependenciesTouchedBy } from "./cache/invalidation.js";
import { memoryResponseStore, redisResponseStore } from "./cache/response-store.js";
import { type Context, createContext, type Urls } from "./context.js";
import { DatabaseAvailability, unavailable } from "./db/availability.js";
import type { Database } from "./db/client.js";
import { nextDueAt } from "./db/repos/content.js";
import { startScheduler } from "./editorial/scheduler.js";
import { EventBus, isContentEvent } from "./events.js";
import { FeedCache } from "./feeds/cache.js";
import { FEED_DEFAULTS } from "./feeds/defaults.js";
import type { FeedSettings } from "./feeds/documents.js";
import { useFeeds } from "./feeds/routes.js";
import { streamPath, typeStream } from "./feeds/streams.js";
import { startWebSub } from "./feeds/websub.js";
import { DEFAULT_GRAPHIQL_QUERY } from "./graphql/default-query.js";
import { useQueryJit } from "./graphql/plugins/jit.js";
import { useQueryLimits } from "./graphql/plugins/query-limits.js";
import { useRequestChecks } from "./graphql/plugins/request-checks.js";
import { useResponseCache } from "./graphql/plugins/response-cache.js";
import { useVoteRateLimit } from "./graphql/plugins/vote-limit.js";
import { schema } from "./graphql/schema.js";
import { useBodyLimit } from "./http/body-limit.js";
import { createFastLane, type FastLane } from "./http/fast-lane.js";
import { useHealth, useNotFound } from "./http/health.js";
import { useDisableIntrospection } from "./http/introspection.js";
import { useSecurityHeaders } from "./http/security-headers.js";
import type { Logger } from "./logger.js";
import { memoryRateLimiter, type RateLimit, redisRateLimiter } from "./polls/rate-limit.js";
import { VOTER_KEY } from "./polls/voter.js";
import { createVoting } from "./polls/voting.js";
import { deriveKeys, type Keys } from "./secrets.js";
import { startWebhooks, type WebhookOptions } from "./webhooks/dispatcher.js";

export interface AppDeps {
  database: Database;
  logger: Logger;
  urls: Urls;
  /** The clock every visibility decision reads (tests move it). Default: real time. */
  clock?: () => Date;
  /** Serve GraphiQL to browsers at /graphql (default true). */
  graphiql?: boolean;
  /** The event bus editorial writes publish on; one is made when absent. */
  bus?: EventBus;
  feeds?: Partial<Omit<FeedSettings, "urls">>;
  /** Server keys, or a getter while they are still being loaded; tests may omit them (random). */
  keys?: Keys | (() => Keys);
  /**
   * Run the scheduler, webhook sender and WebSub pinger: true (default) at once, "later" when
   * `startBackground()` is called (after migrations), false never (tests drive them directly).
   */
  background?: boolean | "later";
  /** Votes: rate limit per client, concurrent votes per instance, and (tests) the clock deciding "open". */
  votes?: { rateLimit?: RateLimit; concurrency?: number; clock?: () => Date };
  /** Cache public query answers (default true); shared over Redis when `redis` is given. */
  responseCache?: boolean;
  /** Execute queries with graphql-jit (default true); mutations and subscriptions never. */
  jit?: boolean;
  /** Shared Redis (rate limits, response cache); the bus gets its own transport. */
  redis?: Redis;
  /** Prefix of this deployment's Redis keys (default "nca"). */
  redisPrefix?: string;
  /** Behind a proxy that sets X-Forwarded-For (for per-client limits). Default false. */
  trustProxy?: boolean;
  /** Where the process is: /readyz answers 503 while starting (migrations, keys, seed) and draining. */
  lifecycle?: () => "starting" | "serving" | "draining";
  /** HTTP hardening; defaults suit development (see README, Configuration). */
  http?: Partial<HttpOptions>;
  /** Webhook sender tuning (tests shorten the delays). */
  webhooks?: Omit<WebhookOptions, "db" | "bus" | "keys" | "urls" | "logger" | "clock">;
  /** Extra Yoga plugins after the app's own: diagnostics (the bench profiler's phase timers). */
  plugins?: Plugin[];
}

export interface HttpOptions {
  /** Largest request body accepted (default 1 MiB). */
  maxBodyBytes: number;
  /** Answer schema introspection (default true). */
  introspection: boolean;
  /** off: any operation; allow: persisted ids or documents; only: persisted ids alone. */
  persisted: { mode: "off" | "allow" | "only"; operations: Record<string, string> };
  /** "*" (no credentials, default) or the allowed origins. */
  corsOrigins: "*" | string[];
}

/** What node:http hands the handler besides the Request (absent under app.fetch). */
type ServerContext = { req?: IncomingMessage };

/** Per client: 30 votes a minute is generous for readers and stops scripted stuffing. */
export const VOTE_RATE_LIMIT: RateLimit = { limit: 30, windowMs: 60_000 };

/** The client behind a request: X-Forwarded-For's first hop only when a trusted proxy sets it. */
function clientAddress(
  request: Request,
  req: IncomingMessage | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy) {
    const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return req?.socket.remoteAddress ?? "local";
}

export type App = YogaServerInstance<ServerContext, Context> & {
  bus: EventBus;
  /** Cache hits answered at node:http before Yoga; `withFastLane(app.fastLane, app)`. */
  fastLane: FastLane;
  startBackground(): void;
  close(): Promise<void>;
};

/**
 * The whole HTTP surface as one fetch handler: GraphQL at /graphql, health probes, feeds.
 * No environment reads, no listening: `src/main.ts` binds it to node:http, tests call `fetch`.
 */
export function createApp(deps: AppDeps): App {
  const clock = deps.clock ?? (() => new Date());
  const bus =
    deps.bus ?? new EventBus((err) => deps.logger.error({ err }, "event listener failed"));
  const feedSettings: FeedSettings = { ...FEED_DEFAULTS, ...deps.feeds, urls: deps.urls };
  const fixed = deps.keys ?? deriveKeys(randomBytes(32));
  const keys = typeof fixed === "function" ? fixed : () => fixed;
  const feedCache = new FeedCache();
  // Every instance drops its own copies, whichever instance made the change.
  bus.subscribe((event) => {
    if (event.kind === "voted") return;
    if (!isContentEvent(event)) {
      feedCache.invalidate(["all", "issues", "announcements", "events", "polls", "tags"]);
      return;
    }
    // Tag streams are all dropped: the change may have added or removed tags.
    feedCache.invalidate(["all", streamPath(typeStream(event.type)), "tags"]);
  }, "cluster");
  // Background work: announce due schedules, send webhooks, ping the WebSub hub.
  const workers: { stop(): unknown }[] = [];
  const startBackground = () => {
    if (workers.length) return;
    workers.push(startScheduler({ db: deps.database.db, bus, clock, logger: deps.logger }));
    workers.push(
      startWebhooks({
        db: deps.database.db,
        bus,
        keys,
        urls: deps.urls,
        logger: deps.logger,
        clock,
        ...deps.webhooks,
      }),
    );
    if (feedSettings.hubUrl) {
      workers.push(
        startWebSub({
          bus,
          hubUrl: feedSettings.hubUrl,
          settings: feedSettings,
          logger: deps.logger,
        }),
      );
    }
  };
  if (deps.background === undefined || deps.background === true) startBackground();
  const voteLimiter = deps.redis
    ? redisRateLimiter(
        deps.redis,
        deps.votes?.rateLimit ?? VOTE_RATE_LIMIT,
        `${deps.redisPrefix ?? "nca"}:rate:vote`,
      )
    : memoryRateLimiter(deps.votes?.rateLimit ?? VOTE_RATE_LIMIT);
  const voting = createVoting({
    db: deps.database.db,
    bus,
    keys,
    concurrency: deps.votes?.concurrency ?? 4,
    clock: deps.votes?.clock,
  });
  const responseStore =
    deps.responseCache === false
      ? null
      : deps.redis
        ? redisResponseStore(deps.redis, `${deps.redisPrefix ?? "nca"}:rc`)
        : memoryResponseStore();
  // The next embargo to lift: no cached answer outlives it (kept current from the bus).
  let nextDue: number | null = null;
  const refreshNextDue = () =>
    nextDueAt(deps.database.db)
      .then((at) => {
        nextDue = at ? at.getTime() : null;
      })
      .catch(() => {});
  // Invalidations in flight: a write answers only once they are done (read-your-writes, also on
  // another instance sharing the Redis store).
  const invalidations = new Set<Promise<unknown>>();
  if (responseStore) {
    void refreshNextDue();
    // Every instance keeps its own next embargo, whichever instance scheduled or published.
    bus.subscribe((event) => {
      if (!isContentEvent(event)) return;
      if (event.kind === "scheduled" && event.publishedAt) {
        nextDue = Math.min(nextDue ?? Number.POSITIVE_INFINITY, event.publishedAt.getTime());
      } else void refreshNextDue();
    }, "cluster");
    // A store in this process drops what any instance's write touched; the shared (Redis)
    // store is invalidated once, by the instance that wrote.
    bus.subscribe(
      async (event) => {
        const touched = dependenciesTouchedBy(event);
        if (!touched.length) return;
        const done: Promise<unknown> = responseStore
          .invalidate(touched)
          .finally(() => invalidations.delete(done));
        invalidations.add(done);
        await done;
      },
      deps.redis ? "local" : "cluster",
    );
  }
  const shutdown = new AbortController();
  const http: HttpOptions = {
    maxBodyBytes: 1_048_576,
    introspection: true,
    persisted: { mode: "off", operations: {} },
    corsOrigins: "*",
    ...deps.http,
  };
  const availability = new DatabaseAvailability(async () => {
    await deps.database.checkReady();
  });
  const yoga = createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    landingPage: false,
    // Several operations in one request (an array body), but only a few.
    batching: { limit: 5 },
    // No file uploads: a multipart body is not a GraphQL request here.
    multipart: false,
    cors: {
      origin: http.corsOrigins === "*" ? "*" : http.corsOrigins,
      credentials: false,
      methods: ["GET", "POST", "OPTIONS"],
      allowedHeaders: ["content-type", "accept", "authorization", "x-preview-token", "x-voter-key"],
      exposedHeaders: ["etag", "last-modified", "x-cache", "retry-after", "link"],
      maxAge: 600,
    },
    // Unexpected errors reach clients as "Unexpected error." with no detail; a lost database
    // is said plainly (503, UNAVAILABLE) and trips the breaker so others fail fast.
    maskedErrors: {
      maskError: (error, message, isDev) => {
        if (availability.observe(error)) return unavailable();
        return maskError(error, message, isDev);
      },
    },
    logging: {
      debug: (...args) => deps.logger.debug(args.map(String).join(" ")),
      info: (...args) => deps.logger.info(args.map(String).join(" ")),
      warn: (...args) => deps.logger.warn(args.map(String).join(" ")),
      error: (...args) =>
        deps.logger.error({ err: args[0] }, args.slice(1).map(String).join(" ") || "graphql error"),
    },
    graphiql:
      deps.graphiql === false
        ? false
        : { title: "Newsletter archive API", defaultQuery: DEFAULT_GRAPHIQL_QUERY },
    renderGraphiQL,
    context: async ({ request, req }) => {
      availability.check();
      const now = clock();
      const viewer = await viewerFromRequest(
        deps.database.db,
        request,
        now,
        deps.logger,
        () => keys().preview,
      );
      const voterKey = request.headers.get("x-voter-key");
      return createContext({
        db: deps.database.db,
        viewer,
        now,
        urls: deps.urls,
        keys: keys(),
        bus,
        voterKey: voterKey && VOTER_KEY.test(voterKey) ? voterKey : null,
        client: clientAddress(request, req, deps.trustProxy ?? false),
        clock,
        voting,
        shutdown: shutdown.signal,
      });
    },
    plugins: [
      useSecurityHeaders({ https: deps.urls.public.startsWith("https:") }),
      useBodyLimit(http.maxBodyBytes),
      useRequestChecks("/graphql"),
      useHealth(async () => {
        const phase = deps.lifecycle?.() ?? "serving";
        if (phase !== "serving") throw new Error(phase);
        try {
          await deps.database.checkReady();
          availability.markUp();
        } catch (error) {
          availability.observe(error);
          throw error;
        }
      }, deps.logger),
      useNotFound("/graphql"),
      useFeeds({
        db: deps.database.db,
        settings: feedSettings,
        cache: feedCache,
        clock,
        logger: deps.logger,
      }),
      ...(http.introspection ? [] : [useDisableIntrospection()]),
      ...(http.persisted.mode === "off"
        ? []
        : [
            usePersistedOperations({
              getPersistedOperation: (id: string) => http.persisted.operations[id] ?? null,
              allowArbitraryOperations: http.persisted.mode === "allow",
              // The plugin's defaults answer 200 with codes that do not say what to do.
              customErrors: {
                persistedQueryOnly: {
                  message:
                    "This server runs persisted operations only: send extensions.persistedQuery.sha256Hash instead of a query.",
                  extensions: { code: "PERSISTED_QUERY_ONLY", http: { status: 400 } },
                },
                notFound: {
                  message: "No persisted operation has this id.",
                  extensions: { code: "PERSISTED_QUERY_NOT_FOUND", http: { status: 400 } },
                },
                keyNotFound: {
                  message:
                    "Send a query, or a persisted operation id in extensions.persistedQuery.",
                  extensions: { code: "PERSISTED_QUERY_ID_REQUIRED", http: { status: 400 } },
                },
              },
            }),
          ]),
      ...(deps.jit === false ? [] : [useQueryJit()]),
      ...useQueryLimits(),
      useVoteRateLimit(voteLimiter),
      ...(responseStore
        ? [
            useResponseCache({
              store: responseStore,
              logger: deps.logger,
              nextDue: () => nextDue,
              clock,
              writesSettled: async () => {
                await Promise.allSettled(invalidations);
              },
            }),
          ]
        : []),
      ...(deps.plugins ?? []),
    ],
  });
  const fastLane = createFastLane({
    feeds: { cache: feedCache, settings: feedSettings },
    answers: responseStore ?? undefined,
    clock,
    https: deps.urls.public.startsWith("https:"),
  });
  return Object.assign(yoga, {
    bus,
    fastLane,
    /** Start background work now (with background: "later"). */
    startBackground,
    /** End open subscriptions cleanly and stop background work. */
    async close() {
      shutdown.abort();
      await Promise.all(workers.map((w) => w.stop()));
    },
  });
}
