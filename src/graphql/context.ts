import type { Keys } from "../auth/keys.js";
import type { Viewer } from "../auth/viewer.js";
import type { EventBus } from "../bus/bus.js";
import type { Db } from "../db/client.js";
import type { Reader } from "../read/reader.js";

/** How votes run on this instance. */
export interface VoteSettings {
  /** Runs one vote; at most a few at once, so a storm queues instead of taking every connection. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Tests only: decide "open" by this clock instead of the database's. */
  clock?: () => Date;
}

/** One editorial action, as the audit trail records it (src/graphql/audit.ts). */
export interface AuditRecord {
  /** The mutation: publishContent, updateIssue, createApiToken… */
  action: string;
  /** What it was about: the id or slug it was given, when it names one. */
  target?: string;
  /** done; refused: <why> (a typed result, nothing changed); failed: <code> (an error). */
  outcome: string;
}

/** Per-request context. A new one per request: its reader's loaders must never outlive it. */
export interface Context {
  /** What this request may see, at its clock reading, with its loaders (src/read/reader.ts). */
  reader: Reader;
  /**
   * The primary database: every write, and every read of a request that writes. The reader's
   * database is the replica's for public queries when one is configured (src/db/replica.ts).
   */
  primary: Db;
  viewer: Viewer;
  /** Server keys (preview signing, voter hashing, webhook secret encryption). */
  keys: Keys;
  /** Where writes announce what they changed, after they commit. */
  bus: EventBus;
  /** Who is asking, for rate limits: the peer address (or X-Forwarded-For behind a trusted proxy). */
  client: string;
  /** Current time, for long-lived requests (subscriptions) that outlive the reader's `now`. */
  clock: () => Date;
  votes: VoteSettings;
  /** Aborted when the server shuts down: long-lived responses (SSE) end cleanly. */
  shutdown: AbortSignal;
  /** Records an editor's action in the audit trail (src/graphql/audit.ts). */
  audit: (record: AuditRecord) => void;
  /** Where webhook deliveries may go, checked when a URL is registered (webhooks/destination.ts). */
  destinations: { hostRefusal(hostname: string): string | null };
  /** An admin's "send now" to partner webhooks (webhooks/sender.ts); null: no such active one. */
  webhooks: WebhookActions;
}

export interface WebhookActions {
  /** Send a signed ping now; the new delivery's id. */
  ping(webhook: { id: number; url: string; eventTypes: string[] }): Promise<number | null>;
  /** Send a delivery's body again now, as a new delivery; its id. */
  redeliver(deliveryId: number): Promise<number | null>;
}

/**
 * For a subscription's next event: read the clock again and start from empty loaders, so the
 * pushed state is current (the context of a long-lived request is otherwise fixed at its start).
 */
export function refreshContext(ctx: Context): void {
  ctx.reader = ctx.reader.at(ctx.clock());
}

/** What an editorial write needs from the request (src/content/entry/transactions.ts). */
export const writeScope = (ctx: Context) => ({
  db: ctx.primary,
  bus: ctx.bus,
  now: ctx.reader.now,
});
