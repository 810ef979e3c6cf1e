import { randomBytes } from "node:crypto";
import { deriveKeys } from "../../src/auth/keys.js";
import { EventBus } from "../../src/bus/bus.js";
import type { ContentEvent } from "../../src/bus/events.js";
import { anonymousRunner } from "../../src/http/in-process.js";
import { createLogger } from "../../src/logger.js";
import { startWebhooks, type WebhookOptions } from "../../src/webhooks/sender.js";
import { deleteWebhook, listWebhooks } from "../../src/webhooks/store.js";
import { LOCAL_RECEIVERS, PUBLIC, SITE, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import type { TestDatabase } from "../helpers/db.js";

/** Short delays so retries happen within a test. */
export const FAST = { retryDelaysMs: [50, 50], pollIntervalMs: 20 };

type Tuning = Omit<
  WebhookOptions,
  "db" | "bus" | "keys" | "urls" | "logger" | "clock" | "publicQuery"
>;

export interface DeliveryView {
  id: string;
  eventType: string;
  status: "PENDING" | "SUCCEEDED" | "FAILED";
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  payload: string;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  redeliveryOf: string | null;
}

const CREATE = `mutation ($input: CreateWebhookInput!) {
  createWebhook(input: $input) {
    __typename
    ... on CreateWebhookSuccess { secret webhook { id url description eventTypes active createdAt } }
    ... on ValidationError { message fieldErrors { path message code } }
  }
}`;

const DELIVERIES = `query ($id: ID!, $status: DeliveryStatus, $first: Int, $after: String) {
  webhookDeliveries(webhookId: $id, status: $status, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id eventType status attempts lastStatusCode lastError payload createdAt deliveredAt nextAttemptAt redeliveryOf } }
  }
}`;

/**
 * The app (for the admin API) plus webhook senders started by hand: `createApp` keeps no
 * handle on its own sender, and tests need `idle()` and `stop()`. Events are published on
 * `bus`, by tests and by the app's own writes; only the senders started here send them.
 */
export async function webhookHarness(tdb: TestDatabase, given: Tuning = FAST) {
  const tuning = { destinations: LOCAL_RECEIVERS, ...given };
  const keys = deriveKeys(randomBytes(32));
  const bus = new EventBus();
  const t = testApp(tdb, { keys, webhooks: tuning, bus });
  const admin = await bearer(tdb.database.db, "admin");
  const senders: { stop(): Promise<void> }[] = [];

  async function register(url: string, eventTypes: string[], description?: string) {
    const res = await t.gql<{
      createWebhook: { __typename: string; secret: string; webhook: { id: string } };
    }>(CREATE, { input: { url, eventTypes, description } }, { authorization: admin.authorization });
    const result = res.data?.createWebhook;
    if (result?.__typename !== "CreateWebhookSuccess")
      throw new Error(`createWebhook failed: ${JSON.stringify(res)}`);
    return { id: result.webhook.id, secret: result.secret };
  }

  /** Reads as the app's own sender does: anonymously, through the schema. */
  const urls = { site: SITE, public: PUBLIC };
  const publicQuery = anonymousRunner({
    db: tdb.database.db,
    urls,
    bus,
    keys: () => keys,
    clock: () => new Date(),
    votes: { run: (work) => work() },
    shutdown: new AbortController().signal,
    destinations: LOCAL_RECEIVERS,
  });

  function startSender(options: Partial<WebhookOptions & { bus: EventBus }> = {}) {
    const sender = startWebhooks({
      db: tdb.database.db,
      bus,
      keys: () => keys,
      urls,
      logger: createLogger(process.env.LOG_LEVEL ?? "silent"),
      clock: () => new Date(),
      publicQuery,
      ...tuning,
      ...options,
    });
    senders.push(sender);
    return sender;
  }

  async function deliveries(
    webhookId: string,
    args: { status?: string; first?: number; after?: string } = {},
  ) {
    const res = await t.gql<{
      webhookDeliveries: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { cursor: string; node: DeliveryView }[];
      };
    }>(DELIVERIES, { id: webhookId, ...args }, { authorization: admin.authorization });
    if (!res.data) throw new Error(`webhookDeliveries failed: ${JSON.stringify(res.errors)}`);
    return res.data.webhookDeliveries;
  }

  /** Stop every sender and remove every webhook, so the next test starts clean. */
  async function cleanup() {
    await Promise.all(senders.splice(0).map((s) => s.stop()));
    const db = tdb.database.db;
    for (const w of await listWebhooks(db)) await deleteWebhook(db, w.id);
  }

  return {
    ...t,
    bus,
    keys,
    admin,
    asAdmin: { authorization: admin.authorization },
    register,
    startSender,
    deliveries,
    cleanup,
    publicQuery,
  };
}

/** A content event as the editorial mutations publish it. */
export function contentEvent(overrides: Partial<ContentEvent> = {}): ContentEvent {
  return {
    kind: "published",
    type: "announcement",
    id: 2,
    slug: "xen-4-0-availability",
    tags: ["xen-4-0", "press-release"],
    publishedAt: new Date("2010-04-13T10:00:00.000Z"),
    at: new Date("2010-04-13T10:00:05.000Z"),
    ...overrides,
  };
}
