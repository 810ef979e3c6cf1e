import { type AppOptions, createApp } from "../../src/app.js";
import { EventBus } from "../../src/bus/bus.js";
import { createLogger } from "../../src/logger.js";
import type { Urls } from "../../src/read/urls.js";
import { DestinationPolicy } from "../../src/webhooks/destination.js";
import type { TestDatabase } from "./db.js";

export const SITE = "https://xen.example.org";
/** Tests' webhook receivers listen on this machine: deliveries there are allowed. */
export const LOCAL_RECEIVERS = new DestinationPolicy(["127.0.0.0/8", "::1/128"]);
export const PUBLIC = "https://api.xen.example.org";

/** A clock tests can move. */
export class TestClock {
  constructor(public current: Date = new Date()) {}
  now = () => new Date(this.current);
  set(iso: string) {
    this.current = new Date(iso);
  }
}

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** The real app over a test database, plus a small GraphQL client that goes through app.fetch. */
export function testApp(
  tdb: TestDatabase,
  options: {
    clock?: TestClock;
    bus?: EventBus;
    feeds?: AppOptions["feeds"];
    webhooks?: AppOptions["webhooks"];
    keys?: AppOptions["keys"];
    /** Run the app's own scheduler and webhook sender (off: tests drive those directly). */
    background?: boolean;
    votes?: AppOptions["votes"];
    /** /admin's sign-in limit. */
    admin?: AppOptions["admin"];
    trustProxy?: boolean;
    /** Caps on open subscriptions (default: the app's). */
    subscriptions?: { perClient: number; total: number };
    redis?: AppOptions["redis"];
    redisPrefix?: string;
    responseCache?: boolean;
    feedCache?: boolean;
    /** The HTTP cache in front: key header format and purges (src/cdn). */
    edge?: AppOptions["edge"];
    urls?: Urls;
    /** Where the app logs (default: LOG_LEVEL, silent). */
    logger?: AppOptions["logger"];
    /** A streaming replica for public reads. */
    replica?: AppOptions["replica"];
  } = {},
) {
  const bus = options.bus ?? new EventBus();
  const app = createApp({
    database: tdb.database,
    logger: options.logger ?? createLogger(process.env.LOG_LEVEL ?? "silent"),
    urls: options.urls ?? { site: SITE, public: PUBLIC },
    clock: options.clock?.now,
    bus,
    feeds: options.feeds,
    webhooks: { destinations: LOCAL_RECEIVERS, ...options.webhooks },
    keys: options.keys,
    background: options.background ?? false,
    votes: options.votes,
    admin: options.admin,
    http: {
      ...(options.trustProxy ? { trustProxy: 1 } : {}),
      ...(options.subscriptions ? { subscriptions: options.subscriptions } : {}),
    },
    redis: options.redis,
    redisPrefix: options.redisPrefix,
    responseCache: options.responseCache,
    feedCache: options.feedCache,
    edge: options.edge,
    replica: options.replica,
  });
  async function gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<GqlResult<T>> {
    const response = await app.fetch(
      new Request("http://test/graphql", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/graphql-response+json",
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      }),
    );
    const body = (await response.json()) as Omit<GqlResult<T>, "status">;
    return { status: response.status, ...body };
  }
  return {
    app,
    bus,
    gql,
    fetch: (input: string, init?: RequestInit) =>
      app.fetch(new Request(new URL(input, "http://test"), init)),
  };
}
