/**
 * The GraphQL server: Yoga over the schema, with the request context, error masking, CORS,
 * GraphiQL, and every plugin in order (the edge's, the limits, then the features').
 */
import type { IncomingMessage } from "node:http";
import { createYoga, maskError, type YogaServerInstance } from "graphql-yoga";
import type { Keys } from "../auth/keys.js";
import type { SessionSettings } from "../auth/sessions.js";
import { type Viewer, viewerFromRequest } from "../auth/viewer.js";
import type { EventBus } from "../bus/bus.js";
import { createReader } from "../content/kinds.js";
import { VOTER_KEY } from "../content/poll/voter.js";
import type { DatabaseAvailability } from "../db/availability.js";
import type { Db } from "../db/client.js";
import type { ReadRoute } from "../db/replica.js";
import { unavailable } from "../errors.js";
import type { AppPlugin } from "../feature.js";
import { audienceOf, audienceOfRequest } from "../graphql/audiences.js";
import type { AuditRecord, Context, VoteSettings, WebhookActions } from "../graphql/context.js";
import { DEFAULT_GRAPHIQL_QUERY } from "../graphql/default-query.js";
import type { Logger } from "../logger.js";
import type { Voter } from "../read/reader.js";
import type { Urls } from "../read/urls.js";
import { schemas } from "../schema.js";
import type { DestinationPolicy } from "../webhooks/destination.js";
import { clientAddress } from "./client-address.js";
import { GRAPHQL_ENDPOINT } from "./routes.js";

/** What node:http hands the handler besides the Request (absent under app.fetch). */
export type ServerContext = { req?: IncomingMessage };

export type GraphQLServer = YogaServerInstance<ServerContext, Context>;

export interface GraphQLServerOptions {
  /** The primary: writes, and the reads of editors, previews, voters and mutations. */
  db: Db;
  /** Where public (anonymous) queries read: the replica while it is usable (src/db/replica.ts). */
  reads?: ReadRoute;
  logger: Logger;
  urls: Urls;
  bus: EventBus;
  keys: () => Keys;
  clock: () => Date;
  votes: VoteSettings;
  availability: DatabaseAvailability;
  shutdown: AbortSignal;
  corsOrigins: "*" | string[];
  /** Proxies in front that append to X-Forwarded-For (0: trust none). */
  trustProxy: number;
  destinations: DestinationPolicy;
  webhooks: WebhookActions;
  /** /admin sessions: which cookie, and the key of their CSRF secrets. */
  sessions: SessionSettings;
  plugins: AppPlugin[];
}

/** Where an editor's actions are written: the log, with the token's name and the client. */
function auditLog(logger: Logger, viewer: Viewer, client: string) {
  if (viewer.kind !== "editor") return () => {};
  return ({ action, target, outcome }: AuditRecord) => {
    logger.info(
      { audit: action, by: viewer.name, tokenId: viewer.tokenId, target, outcome, client },
      `audit: ${action}${target ? ` ${target}` : ""} by "${viewer.name}": ${outcome}`,
    );
  };
}

/** A new context per request: its viewer, its reader (clock reading, loaders), the app's parts. */
async function contextOf(o: GraphQLServerOptions, request: Request, req?: IncomingMessage) {
  o.availability.check();
  const now = o.clock();
  const client = clientAddress(request, req, o.trustProxy);
  const origin = { request, client };
  const previewKey = () => o.keys().preview;
  const viewer = await viewerFromRequest(o.db, origin, now, o.logger, previewKey, o.sessions);
  // The schema was picked from the headers before the viewer was known: a reader answered by
  // the editors' schema, or a viewer who sees drafts by the readers', is a bug, never served.
  if (audienceOf(viewer) !== audienceOfRequest(request))
    throw new Error(`the ${audienceOfRequest(request)} schema picked for a ${viewer.kind} viewer`);
  const keys = o.keys();
  const voterKey = request.headers.get("x-voter-key");
  const voter = voterKey && VOTER_KEY.test(voterKey) ? { key: keys.voter, voterKey } : null;
  const audit = auditLog(o.logger, viewer, client);
  const asking = { viewer, client, voter, audit, webhooks: o.webhooks };
  // Only what any reader would be answered may come from the replica: an editor, a preview or
  // a voter must see their own writes at once. A mutation's reads move to the primary when
  // the operation is known (useReadRouting).
  const anyone = viewer.kind === "anonymous" && voter === null;
  return contextFor(o, asking, now, anyone && o.reads ? o.reads.db() : o.db);
}

/** Who asks, as a request (or an in-process read) says. */
export interface Asking {
  viewer: Viewer;
  client: string;
  voter: Voter | null;
  audit: Context["audit"];
  /** The admin actions this asker may reach (none for an in-process read). */
  webhooks: Context["webhooks"];
}

/**
 * A context for one operation: who asks, a reader at `now` on `readDb` (default: the primary),
 * and the app's parts.
 */
export function contextFor(o: ContextParts, asking: Asking, now: Date, readDb = o.db): Context {
  const { viewer, client, voter, audit, webhooks } = asking;
  const reader = createReader({ db: readDb, viewer, now, urls: o.urls, voter });
  const { bus, clock, votes, shutdown, destinations } = o;
  const keys = o.keys();
  return {
    reader,
    primary: o.db,
    viewer,
    keys,
    bus,
    client,
    clock,
    votes,
    shutdown,
    audit,
    destinations,
    webhooks,
  };
}

export type ContextParts = Pick<
  GraphQLServerOptions,
  "db" | "urls" | "bus" | "keys" | "clock" | "votes" | "shutdown" | "destinations"
>;

/** The GraphiQL page (useGraphiQLPage in graphiql.ts serves it when GRAPHIQL is on). */
export const GRAPHIQL_PAGE = {
  title: "Newsletter archive API",
  defaultQuery: DEFAULT_GRAPHIQL_QUERY,
  endpoint: GRAPHQL_ENDPOINT,
};

export function createGraphQLServer(o: GraphQLServerOptions): GraphQLServer {
  return createYoga<ServerContext, Context>({
    // Per request, from its credential headers: readers' or editors' (src/graphql/audiences.ts).
    schema: ({ request }) => schemas[audienceOfRequest(request)],
    graphqlEndpoint: "/graphql",
    landingPage: false,
    // Several operations in one request (an array body), but only a few.
    batching: { limit: 5 },
    // No file uploads: a multipart body is not a GraphQL request here.
    multipart: false,
    cors: {
      origin: o.corsOrigins,
      credentials: false,
      methods: ["GET", "POST", "OPTIONS"],
      // Not X-CSRF-Token: another origin may never send the /admin session's header.
      allowedHeaders: ["content-type", "accept", "authorization", "x-preview-token", "x-voter-key"],
      exposedHeaders: ["etag", "last-modified", "x-cache", "retry-after", "link"],
      maxAge: 600,
    },
    // Unexpected errors reach clients as "Unexpected error." with no detail; a lost database
    // is said plainly (503, UNAVAILABLE) and trips the breaker so others fail fast.
    maskedErrors: {
      maskError: (error, message, isDev) =>
        o.availability.observe(error) ? unavailable() : maskError(error, message, isDev),
    },
    logging: {
      debug: (...args) => o.logger.debug(args.map(String).join(" ")),
      info: (...args) => o.logger.info(args.map(String).join(" ")),
      warn: (...args) => o.logger.warn(args.map(String).join(" ")),
      error: (...args) =>
        o.logger.error({ err: args[0] }, args.slice(1).map(String).join(" ") || "graphql error"),
    },
    // The page is served by useGraphiQLPage (graphiql.ts): compressed, with an ETag.
    graphiql: false,
    context: ({ request, req }) => contextOf(o, request, req),
    plugins: o.plugins,
  });
}
