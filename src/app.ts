import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { installAdmin } from "./admin/install.js";
import { deriveKeys, type Keys } from "./auth/keys.js";
import { cookieNames } from "./auth/sessions.js";
import { EventBus } from "./bus/bus.js";
import { installResponseCache } from "./cache/install.js";
import { createPurger, type PurgerOptions } from "./cdn/purger.js";
import { DEFAULTS } from "./config.js";
import { createScheduler } from "./content/entry/scheduler.js";
import { installPolls } from "./content/poll/install.js";
import { DatabaseAvailability } from "./db/availability.js";
import type { Database } from "./db/client.js";
import type { DatabaseProblem } from "./db/errors.js";
import { primaryOnly, ReplicaRouting } from "./db/replica.js";
import type { AppPlugin, Route, Worker } from "./feature.js";
import type { FeedSettings } from "./feeds/documents.js";
import { installFeeds } from "./feeds/install.js";
import { createWebSub } from "./feeds/websub.js";
import { useDisableIntrospection } from "./graphql/plugins/introspection.js";
import { useQueryJit } from "./graphql/plugins/jit.js";
import { type PersistedOperations, usePersisted } from "./graphql/plugins/persisted.js";
import { useQueryLimits } from "./graphql/plugins/query-limits.js";
import { useRequestChecks } from "./graphql/plugins/request-checks.js";
import {
  type SubscriptionLimits,
  useSubscriptionLimits,
} from "./graphql/plugins/subscription-limits.js";
import { useTokenRequired } from "./graphql/plugins/token-required.js";
import { useBodyLimit } from "./http/body-limit.js";
import { useHttpCaching } from "./http/cache-headers.js";
import { createFastLane, type FastLane } from "./http/fast-lane.js";
import { useGraphiQLPage } from "./http/graphiql.js";
import { healthRoutes, type Lifecycle, type Phase, startingMessage } from "./http/health.js";
import { anonymousRunner } from "./http/in-process.js";
import { useReadRouting } from "./http/read-routing.js";
import { GRAPHQL_ENDPOINT, graphqlRoute, useRoutes } from "./http/routes.js";
import { useSecurityHeaders } from "./http/security-headers.js";
import { createGraphQLServer, GRAPHIQL_PAGE, type GraphQLServer } from "./http/yoga.js";
import type { RateLimit } from "./limits/rate-limiter.js";
import type { Logger } from "./logger.js";
import type { EdgeFormat } from "./read/cache-tags.js";
import type { Urls } from "./read/urls.js";
import { schemas } from "./schema.js";
import { DestinationPolicy } from "./webhooks/destination.js";
import { installWebhooks } from "./webhooks/install.js";
import type { WebhookOptions } from "./webhooks/sender.js";

/** Everything createApp takes; what is left out comes from DEFAULTS (src/config.ts). */
export interface AppOptions {
  /** The primary: every write, and every read that must see writes at once. */
  database: Database;
  /**
   * A streaming replica (DATABASE_READ_URL) for public reads: anonymous queries, feeds and
   * calendars (src/db/replica.ts). Its caller opens and closes it.
   */
  replica?: {
    database: Database;
    /** Default DEFAULTS.database.replica.maxLagMs. */
    maxLagMs?: number;
    /** Default DEFAULTS.database.replica.checkIntervalMs. */
    checkIntervalMs?: number;
  };
  logger: Logger;
  urls: Urls;
  /** The clock every visibility decision reads (tests move it). Default: real time. */
  clock?: () => Date;
  /** The event bus writes publish on; one is made when absent. */
  bus?: EventBus;
  feeds?: Partial<Omit<FeedSettings, "urls">>;
  /** Server keys, or a getter while they are still being loaded; tests may omit them (random). */
  keys?: Keys | (() => Keys);
  /** Background work (scheduler, webhooks, WebSub): now (true), on startBackground() ("later"), never. */
  background?: boolean | "later";
  votes?: {
    rateLimit?: { limit: number; windowMs: number };
    concurrency?: number;
    clock?: () => Date;
  };
  /** /admin: failed sign-ins per client address and window (default DEFAULTS.admin). */
  admin?: { signInLimit?: Partial<RateLimit> };
  responseCache?: boolean;
  /** Keep rendered feed documents (default); false builds every feed request (FEED_CACHE=off). */
  feedCache?: boolean;
  /** Execute queries with graphql-jit; mutations and subscriptions never. */
  jit?: boolean;
  /** Shared Redis (rate limits, response cache); the bus gets its own transport. */
  redis?: Redis;
  redisPrefix?: string;
  /** Where the process is: /readyz answers 503 while starting and draining. */
  lifecycle?: () => Phase;
  /** While starting: what keeps the database from being used, said in every 503 meanwhile. */
  startProblem?: () => DatabaseProblem | undefined;
  http?: Partial<HttpOptions>;
  /** Webhook sender tuning (tests shorten the delays). */
  webhooks?: Omit<WebhookOptions, "db" | "keys" | "urls" | "logger" | "clock" | "publicQuery">;
  /**
   * The HTTP cache in front (Varnish, Fastly, Cloudflare): the key header it reads besides
   * Surrogate-Key, and where each write's keys are purged (src/cdn). Absent: Surrogate-Key only.
   */
  edge?: { format: EdgeFormat; purge?: Omit<PurgerOptions, "logger"> };
  /** Extra Yoga plugins after the app's own: diagnostics (the bench profiler's phase timers). */
  plugins?: AppPlugin[];
}

export interface HttpOptions {
  maxBodyBytes: number;
  graphiql: boolean;
  introspection: boolean;
  persisted: PersistedOperations;
  corsOrigins: "*" | string[];
  /** Behind a proxy that sets X-Forwarded-For (for per-client limits). */
  trustProxy: number;
  subscriptions: SubscriptionLimits;
}

export type App = GraphQLServer & {
  bus: EventBus;
  /** Cache hits answered at node:http before Yoga; `withFastLane(app.fastLane, app)`. */
  fastLane: FastLane;
  startBackground(): void;
  /** The replica's routing and lag checks (null without one): its status, stop and start. */
  replica: ReplicaRouting | null;
  /** End open subscriptions cleanly and stop background work. */
  close(): Promise<void>;
};

type Settled = ReturnType<typeof settle>;

/** The options with every default filled in from DEFAULTS. */
function settle(options: AppOptions) {
  const fixedKeys = options.keys ?? deriveKeys(randomBytes(32));
  const logger = options.logger;
  const replica = options.replica
    ? new ReplicaRouting({
        ...DEFAULTS.database.replica,
        ...options.replica,
        primary: options.database,
        replica: options.replica.database,
        logger,
      })
    : null;
  return {
    ...options,
    db: options.database.db,
    replica,
    reads: replica ?? primaryOnly(options.database.db),
    clock: options.clock ?? (() => new Date()),
    bus: options.bus ?? new EventBus((err) => logger.error({ err }, "event listener failed")),
    http: { ...DEFAULTS.http, ...options.http } as HttpOptions,
    keys: typeof fixedKeys === "function" ? fixedKeys : () => fixedKeys,
    redisPrefix: options.redisPrefix ?? DEFAULTS.redisPrefix,
    feedSettings: {
      ...DEFAULTS.feeds,
      ...options.feeds,
      urls: options.urls,
      edgeFormat: options.edge?.format,
    } as FeedSettings,
    https: options.urls.public.startsWith("https:"),
    destinations: options.webhooks?.destinations ?? new DestinationPolicy(),
    /** Aborted by close(): long-lived responses (SSE) end cleanly. */
    shutdown: new AbortController(),
  };
}

/** Each feature module, from its one install point. */
function install(o: Settled) {
  const { db, clock, logger, redis, redisPrefix, feedSettings: settings } = o;
  const cacheOn = o.responseCache ?? DEFAULTS.graphql.responseCache;
  const hubUrl = settings.hubUrl;
  const polls = installPolls({ ...DEFAULTS.votes, ...o.votes, redis, redisPrefix });
  const { urls, bus, keys, destinations } = o;
  // What an anonymous read in-process needs (webhook bodies show entries as readers see them).
  const reading = { db, urls, bus, keys, clock, destinations, shutdown: o.shutdown.signal };
  return {
    feeds: installFeeds({ db, reads: o.reads, settings, clock, logger, cache: o.feedCache }),
    cache: cacheOn ? installResponseCache({ db, redis, redisPrefix, clock, logger }) : null,
    polls,
    webhooks: installWebhooks({
      ...{ db, keys, urls, logger, clock, ...o.webhooks },
      destinations,
      publicQuery: anonymousRunner({ ...reading, votes: polls.votes }),
    }),
    websub: hubUrl ? createWebSub({ hubUrl, settings, logger }) : null,
    scheduler: createScheduler({ db, bus: o.bus, clock, logger }),
    purger: o.edge?.purge ? createPurger({ ...o.edge.purge, logger }) : null,
  };
}
type Features = ReturnType<typeof install>;

/** What a write triggers once it has committed ("cluster": heard from every instance). */
function react(bus: EventBus, f: Features, replica: ReplicaRouting | null): void {
  if (replica) bus.subscribe(replica.onWrite, "cluster"); // public reads wait for its replay
  bus.subscribe(f.feeds.onEvent, "cluster"); // drop the feed documents it shows up in
  if (f.cache) bus.subscribe(f.cache.onSchedule, "cluster"); // keep the next embargo current
  if (f.cache) bus.subscribe(f.cache.onWrite, f.cache.shared ? "local" : "cluster"); // drop answers
  bus.subscribe(f.scheduler.onEvent, "cluster"); // a new schedule may be due sooner
  bus.subscribe(f.webhooks.onEvent, "local"); // queue partner deliveries, once
  if (f.websub) bus.subscribe(f.websub.onEvent, "local"); // ping the WebSub hub, once
  if (f.purger) bus.subscribe(f.purger.onEvent, "local"); // purge the HTTP cache, once
  // …and each live subscription (contentPublished, pollResults) listens in cluster scope.
}

/** Yoga's plugins in the order they run: the edge, the route table, the limits, the features. */
function plugins(o: Settled, f: Features, routes: Route[]): AppPlugin[] {
  const jit = o.jit ?? DEFAULTS.graphql.jit;
  return [
    useSecurityHeaders({ https: o.https }),
    useBodyLimit(o.http.maxBodyBytes),
    ...(o.http.graphiql ? [useGraphiQLPage(GRAPHIQL_PAGE)] : []),
    useRequestChecks(GRAPHQL_ENDPOINT),
    useRoutes(routes),
    ...(o.http.introspection ? [] : [useDisableIntrospection()]),
    ...usePersisted(o.http.persisted),
    useTokenRequired(),
    ...(jit ? useQueryJit(Object.values(schemas)) : []),
    ...(o.replica ? [useReadRouting(o.reads)] : []),
    ...useQueryLimits(),
    useSubscriptionLimits(o.http.subscriptions),
    ...(f.polls.plugins ?? []),
    ...(f.cache?.plugins ?? []),
    // After the response cache, whose hits it marks shareable.
    useHttpCaching(GRAPHQL_ENDPOINT, o.edge?.format),
    ...(o.plugins ?? []),
  ];
}

/** The database breaker (closed until the process has prepared it), and the readiness check. */
function availabilityOf(database: Database, notYet: () => string | null) {
  const availability = new DatabaseAvailability(() => database.checkReady(), notYet);
  const checkReady = () =>
    database.checkReady().then(
      () => availability.markUp(),
      (error: unknown) => {
        availability.observe(error);
        throw error;
      },
    );
  return { availability, checkReady };
}

/** A route that answers 503 with the reason while the process still prepares its database. */
function untilReady(route: Route, notYet: () => string | null): Route {
  const { fetch } = route;
  if (!fetch) return route;
  return {
    ...route,
    fetch: (request, url, req) => {
      const why = notYet();
      if (!why) return fetch(request, url, req);
      return new Response(`${why}\n`, {
        status: 503,
        headers: {
          "content-type": "text/plain; charset=utf-8",
          "cache-control": "no-store",
          "retry-after": "2",
        },
      });
    },
  };
}

/**
 * The whole HTTP surface as one fetch handler: GraphQL at /graphql, feeds, health probes.
 * No environment reads, no listening: src/main.ts binds it to node:http, tests call `fetch`.
 */
export function createApp(options: AppOptions): App {
  const o = settle(options);
  const f = install(o);
  react(o.bus, f, o.replica);
  const life: Lifecycle = {
    phase: o.lifecycle ?? (() => "serving"),
    startProblem: o.startProblem ?? (() => undefined),
  };
  const notYet = () => (life.phase() === "starting" ? startingMessage(life.startProblem()) : null);
  const { availability, checkReady } = availabilityOf(o.database, notYet);
  const { replica } = o;
  const health = healthRoutes(life, checkReady, o.logger, () =>
    replica ? { replica: replica.status() } : {},
  );
  const served = [...(f.cache?.routes ?? []), ...f.feeds.routes].map((r) => untilReady(r, notYet));
  const admin = installAdmin({
    ...{ db: o.db, logger: o.logger, keys: o.keys, clock: o.clock, https: o.https },
    publicUrl: o.urls.public,
    trustProxy: o.http.trustProxy,
    signInLimit: { ...DEFAULTS.admin.signInLimit, ...o.admin?.signInLimit },
    redis: o.redis,
    redisPrefix: o.redisPrefix,
  });
  const routes = [
    graphqlRoute,
    ...served,
    ...admin.routes.map((r) => untilReady(r, notYet)),
    ...health,
  ];
  const yoga = createGraphQLServer({
    ...{ db: o.db, logger: o.logger, urls: o.urls, bus: o.bus, keys: o.keys, clock: o.clock },
    ...o.http,
    availability,
    reads: o.reads,
    destinations: o.destinations,
    webhooks: f.webhooks,
    sessions: { cookie: cookieNames(o.https).session, csrfKey: () => o.keys().session },
    votes: f.polls.votes,
    shutdown: o.shutdown.signal,
    plugins: plugins(o, f, routes),
  });
  const starters = [f.scheduler, f.webhooks, ...(f.websub ? [f.websub] : [])];
  const workers: Worker[] = [];
  const startBackground = () => {
    if (workers.length > 0) return;
    for (const s of starters) workers.push(s.start());
    // Bundle the /admin app now, so the first editor does not wait and a broken build is logged at start.
    admin.assets
      .warm()
      .catch((err: unknown) => o.logger.error({ err }, "the /admin app did not build"));
  };
  if (options.background === undefined || options.background === true) startBackground();
  replica?.start();
  return Object.assign(yoga, {
    bus: o.bus,
    fastLane: createFastLane(routes, o.https),
    startBackground,
    replica,
    async close() {
      o.shutdown.abort();
      replica?.stop();
      await Promise.all([...workers.map((w) => w.stop()), f.purger?.close()]);
    },
  });
}
