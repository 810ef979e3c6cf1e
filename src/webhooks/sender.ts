import type { Keys } from "../auth/keys.js";
import type { EventBus } from "../bus/bus.js";
import { type AppEvent, type ContentEvent, isPublicContentEvent } from "../bus/events.js";
import { DEFAULTS } from "../config.js";
import type { Db } from "../db/client.js";
import type { Logger } from "../logger.js";
import type { Urls } from "../read/urls.js";
import { DestinationPolicy } from "./destination.js";
import { entryAsReadersSee, type RunQuery } from "./entry.js";
import { eventTypeOf, patternsMatching } from "./event-types.js";
import { eventPayload, payloadBody, pingPayload, type WebhookPayload } from "./payload.js";
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  countPendingDeliveries,
  enqueueDeliveries,
  hasSubscribers,
  insertPing,
  insertRedelivery,
  recordDeliveryFailure,
  recordDeliverySuccess,
} from "./queue.js";
import { decryptSecret } from "./secrets.js";
import { type AttemptOutcome, attemptDelivery } from "./send.js";

export interface WebhookOptions {
  db: Db;
  /** Read when needed: at start-up the keys may still be loading from the database. */
  keys: () => Keys;
  urls: Urls;
  logger: Logger;
  clock: () => Date;
  /** Reads as an anonymous reader (src/http/in-process.ts): the entry a body carries. */
  publicQuery: RunQuery;
  /** Delays before each retry (default 10 s, 1 min, 5 min, 30 min, 2 h, 6 h). */
  retryDelaysMs?: readonly number[];
  /** How often the sender looks for due deliveries (default 1 s). */
  pollIntervalMs?: number;
  /** Where deliveries may go (default: public addresses only). */
  destinations?: DestinationPolicy;
  /** How deliveries are sent (default: the destinations' guarded fetch). */
  fetch?: typeof fetch;
  /** Deliveries in flight at once, per instance (default 4). */
  concurrency?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /**
   * How long a claimed delivery stays invisible to other senders (default timeout + 50 s).
   * Past it, a delivery whose sender died is sent again: delivery is at least once.
   */
  leaseMs?: number;
}

/**
 * Partner webhooks: turn content events into queued deliveries, and send the queue.
 *
 * The bus listener only inserts rows (one statement, not awaited by the publisher, errors
 * logged), so an editor's request never waits for a partner. The sender polls for due rows
 * every `pollIntervalMs`, and at once when this instance queued something; it claims rows
 * with a lease (see claimDueDeliveries) so that any number of instances can share one
 * database without sending a delivery twice. The queue is the table: deliveries survive
 * restarts, and a retry is a row whose next attempt lies in the future.
 */
export class WebhookSender {
  private readonly delays: readonly number[];
  private readonly pollIntervalMs: number;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly leaseMs: number;
  private readonly fetch: typeof fetch;
  private readonly enqueuing = new Set<Promise<void>>();
  private readonly sending = new Set<Promise<void>>();
  private claiming: Promise<void> | null = null;
  /** Set when a wake-up arrives while a claim round runs: it must look again. */
  private again = false;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  /** While the database is unreachable, say so once rather than on every poll. */
  private claimFailing = false;

  constructor(private readonly options: WebhookOptions) {
    const defaults = DEFAULTS.webhooks;
    this.delays = options.retryDelaysMs ?? defaults.retryDelaysMs;
    this.pollIntervalMs = options.pollIntervalMs ?? defaults.pollIntervalMs;
    this.concurrency = Math.max(1, options.concurrency ?? defaults.concurrency);
    this.timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
    this.leaseMs = options.leaseMs ?? this.timeoutMs + 50_000;
    this.fetch = options.fetch ?? (options.destinations ?? new DestinationPolicy()).fetch();
  }

  /**
   * A public change: queue a delivery for each matching webhook. Votes and shared-data
   * notices are not partner events, and "scheduled" must not leak an embargoed entry:
   * partners hear of it when it is published. Not awaited by the publisher.
   */
  onEvent(event: AppEvent): void {
    if (!isPublicContentEvent(event) || !this.running) return;
    const task = this.enqueue(event)
      .catch((err) =>
        this.options.logger.error({ err, event: eventTypeOf(event) }, "webhooks: could not queue"),
      )
      .finally(() => this.enqueuing.delete(task));
    this.enqueuing.add(task);
  }

  /** Start polling the queue (deliveries left from before a restart go out at once). */
  start(): { stop(): Promise<void> } {
    this.running = true;
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.timer.unref();
    this.wake();
    return { stop: () => this.stop() };
  }

  /** Stop polling and wait for the sends in flight. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    await this.settle();
  }

  /**
   * Resolves when nothing is being queued or sent here and no delivery is pending in the
   * database (with production delays that can take hours: it is meant for tests).
   */
  async idle(): Promise<void> {
    const busy = () => this.enqueuing.size > 0 || this.sending.size > 0 || this.claiming !== null;
    for (;;) {
      await this.settle();
      if (!this.running) return;
      if (!busy() && (await countPendingDeliveries(this.options.db)) === 0 && !busy()) return;
      // A finishing send starts a claim round after settle() looked: check again soon, not
      // after a whole poll interval (which may be a minute).
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.pollIntervalMs, 20)));
    }
  }

  private async settle(): Promise<void> {
    await Promise.all([...this.enqueuing, ...this.sending, this.claiming]);
  }

  private async enqueue(event: ContentEvent): Promise<void> {
    const { db, urls, clock, logger, publicQuery } = this.options;
    const eventType = eventTypeOf(event);
    const patterns = patternsMatching(eventType);
    // Reading the entry costs a few queries: not for events nobody subscribed to.
    if (!(await hasSubscribers(db, patterns))) return;
    const at = clock();
    // Read once per event, shared by every webhook it goes to.
    const entry = await entryAsReadersSee(publicQuery, event, at);
    const queued = await enqueueDeliveries(db, {
      eventType,
      patterns,
      payload: eventPayload(event, urls, entry),
      at,
    });
    if (queued.length === 0) return;
    logger.debug({ eventType, deliveries: queued.map((d) => d.id) }, "webhooks: queued");
    this.wake();
  }

  private wake(): void {
    if (!this.running) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = this.claimRound().finally(() => {
      this.claiming = null;
      if (this.again) this.wake();
    });
  }

  /** Claim as many due deliveries as there are free slots, start them, repeat while full. */
  private async claimRound(): Promise<void> {
    do {
      this.again = false;
      const free = this.concurrency - this.sending.size;
      // A finishing send wakes the sender again.
      if (free <= 0) return;
      const claimed = await this.claim(free);
      if (!claimed) return;
      for (const delivery of claimed) this.send(delivery);
      // A full batch suggests more are due.
      if (claimed.length >= free) this.again = true;
    } while (this.again && this.running);
  }

  /** Up to `limit` due deliveries, leased to this sender; null when the database failed. */
  private async claim(limit: number): Promise<ClaimedDelivery[] | null> {
    const { db, clock, logger } = this.options;
    const now = clock();
    try {
      const leaseUntil = new Date(now.getTime() + this.leaseMs);
      const claimed = await claimDueDeliveries(db, { now, leaseUntil, limit });
      if (this.claimFailing) logger.info("webhooks: claiming deliveries again");
      this.claimFailing = false;
      return claimed;
    } catch (err) {
      if (!this.claimFailing) logger.error({ err }, "webhooks: could not claim deliveries");
      this.claimFailing = true;
      return null;
    }
  }

  private send(delivery: ClaimedDelivery): void {
    const { logger } = this.options;
    if (!delivery.active) {
      const log = { delivery: delivery.id, webhook: delivery.webhookId };
      logger.info(log, "webhooks: webhook disabled, delivery failed");
      return;
    }
    const task = this.deliver(delivery)
      .catch((err) => logger.error({ err, delivery: delivery.id }, "webhooks: delivery crashed"))
      .finally(() => {
        this.sending.delete(task);
        this.wake();
      });
    this.sending.add(task);
  }

  /**
   * A signed ping to an active webhook, sent now, once: a test the admin repeats by hand, so
   * a failure is not retried. Resolves with the delivery's id once its outcome is recorded;
   * null when there is no such active webhook.
   */
  async ping(webhook: { id: number; url: string; eventTypes: string[] }): Promise<number | null> {
    const at = this.options.clock();
    const claimed = await insertPing(this.options.db, {
      webhookId: webhook.id,
      payload: pingPayload(webhook, at),
      ...this.leaseFrom(at),
    });
    if (claimed) await this.sendNow(claimed, false);
    return claimed?.id ?? null;
  }

  /**
   * An earlier delivery's body sent again as a new delivery, now; a failure is retried like
   * any delivery's. Resolves with the new delivery's id once its first outcome is recorded;
   * null when there is no such delivery or its webhook is not active.
   */
  async redeliver(deliveryId: number): Promise<number | null> {
    const at = this.options.clock();
    const claimed = await insertRedelivery(this.options.db, { deliveryId, ...this.leaseFrom(at) });
    if (claimed) await this.sendNow(claimed, true);
    return claimed?.id ?? null;
  }

  private leaseFrom(at: Date) {
    return { at, leaseUntil: new Date(at.getTime() + this.leaseMs) };
  }

  /** Deliver a delivery this instance inserted already claimed, and wait for its outcome. */
  private async sendNow(delivery: ClaimedDelivery, retry: boolean): Promise<void> {
    const task = this.deliver(delivery, retry).finally(() => this.sending.delete(task));
    // Tracked like background sends, so stop() waits for it too.
    this.sending.add(task);
    await task;
  }

  /** One HTTP attempt; never throws (a secret that cannot be read is a failed attempt). */
  private async attempt(delivery: ClaimedDelivery): Promise<AttemptOutcome> {
    const { keys, clock, logger } = this.options;
    try {
      // Our own rows: the payload was written by enqueueDeliveries.
      const body = payloadBody(delivery.payload as WebhookPayload);
      const secret = decryptSecret(keys().webhookSecrets, delivery.secretCiphertext);
      return await attemptDelivery(this.fetch, {
        url: delivery.url,
        deliveryId: delivery.id,
        eventType: delivery.eventType,
        body,
        secret,
        timestamp: Math.floor(clock().getTime() / 1000),
        timeoutMs: this.timeoutMs,
      });
    } catch (err) {
      // Decryption fails when the server secret (APP_SECRET) changed since registration.
      // Recorded as a failed attempt so the row cannot loop.
      logger.error({ err, webhook: delivery.webhookId }, "webhooks: cannot prepare delivery");
      return {
        ok: false,
        statusCode: null,
        error: "could not prepare the delivery (signing secret unreadable: server secret changed?)",
      };
    }
  }

  /** One attempt and its outcome; a failure is retried on schedule unless `retry` is false. */
  private async deliver(delivery: ClaimedDelivery, retry = true): Promise<void> {
    const { db, clock, logger } = this.options;
    const outcome = await this.attempt(delivery);
    const at = clock();
    const log = { delivery: delivery.id, webhook: delivery.webhookId, attempt: delivery.attempts };
    let recorded: boolean;
    if (outcome.ok) {
      recorded = await recordDeliverySuccess(db, delivery, { statusCode: outcome.statusCode, at });
      logger.info({ ...log, status: outcome.statusCode }, "webhooks: delivered");
    } else {
      const delay = retry ? this.delays[delivery.attempts - 1] : undefined;
      const retryAt = delay === undefined ? null : new Date(at.getTime() + delay);
      const { statusCode, error } = outcome;
      recorded = await recordDeliveryFailure(db, delivery, { statusCode, error, retryAt });
      // A retry due before the next poll gets its own wake-up.
      if (delay !== undefined && delay < this.pollIntervalMs)
        setTimeout(() => this.wake(), delay).unref();
      if (retryAt) logger.warn({ ...log, error, retryInMs: delay }, "webhooks: failed, will retry");
      else logger.error({ ...log, error }, "webhooks: failed, giving up");
    }
    // The lease ran out mid-send and another sender took the delivery over: its result counts.
    if (!recorded) logger.warn(log, "webhooks: outcome not recorded, delivery was reclaimed");
  }
}

/** A sender listening on the bus and running (tests; the app wires it in src/app.ts). */
export function startWebhooks(options: WebhookOptions & { bus: EventBus }) {
  const sender = new WebhookSender(options);
  const unsubscribe = options.bus.subscribe((event) => sender.onEvent(event));
  sender.start();
  return {
    idle: () => sender.idle(),
    async stop() {
      unsubscribe();
      await sender.stop();
    },
  };
}
