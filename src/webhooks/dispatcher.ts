import type { Urls } from "../context.js";
import type { Db } from "../db/client.js";
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  countPendingDeliveries,
  enqueueDeliveries,
  recordDeliveryFailure,
  recordDeliverySuccess,
} from "../db/repos/webhooks.js";
import {
  type AppEvent,
  type ContentEvent,
  type EventBus,
  isPublicContentEvent,
} from "../events.js";
import type { Logger } from "../logger.js";
import type { Keys } from "../secrets.js";
import { eventTypeOf, patternsMatching } from "./event-types.js";
import { eventPayload, payloadBody, type WebhookPayload } from "./payload.js";
import { decryptSecret } from "./secrets.js";
import { type AttemptOutcome, attemptDelivery } from "./send.js";

/** 10 s, 1 min, 5 min, 30 min, 2 h, 6 h: seven attempts over about 8.6 hours. */
export const DEFAULT_RETRY_DELAYS_MS = [
  10_000,
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  6 * 3_600_000,
];

export interface WebhookOptions {
  db: Db;
  bus: EventBus;
  /** Read when needed: at start-up the keys may still be loading from the database. */
  keys: () => Keys;
  urls: Urls;
  logger: Logger;
  clock: () => Date;
  /** Delays before each retry (default 10 s, 1 min, 5 min, 30 min, 2 h, 6 h). */
  retryDelaysMs?: number[];
  /** How often the sender looks for due deliveries (default 1 s). */
  pollIntervalMs?: number;
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
 *
 * `idle()` resolves when nothing is being queued or sent here and no delivery is pending in
 * the database (with production delays that can take hours: it is meant for tests).
 * `stop()` stops listening and polling and waits for the sends in flight.
 */
export function startWebhooks(options: WebhookOptions): {
  stop(): Promise<void>;
  idle(): Promise<void>;
} {
  const { db, bus, keys, urls, logger, clock } = options;
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = options.leaseMs ?? timeoutMs + 50_000;
  const doFetch = options.fetch ?? fetch;

  const enqueuing = new Set<Promise<void>>();
  const sending = new Set<Promise<void>>();
  let claiming: Promise<void> | null = null;
  /** Set when a wake-up arrives while a claim round runs: it must look again. */
  let again = false;
  let stopped = false;
  /** While the database is unreachable, say so once rather than on every poll. */
  let claimFailing = false;

  async function enqueue(event: ContentEvent): Promise<void> {
    const eventType = eventTypeOf(event);
    const queued = await enqueueDeliveries(db, {
      eventType,
      patterns: patternsMatching(eventType),
      payload: eventPayload(event, urls),
      at: clock(),
    });
    if (queued.length === 0) return;
    logger.debug({ eventType, deliveries: queued.map((d) => d.id) }, "webhooks: queued");
    wake();
  }

  function wake(): void {
    if (stopped) return;
    if (claiming) {
      again = true;
      return;
    }
    claiming = claimRound().finally(() => {
      claiming = null;
      if (again) wake();
    });
  }

  /** Claim as many due deliveries as there are free slots, start them, repeat while full. */
  async function claimRound(): Promise<void> {
    do {
      again = false;
      const free = concurrency - sending.size;
      // A finishing send wakes the sender again.
      if (free <= 0) return;
      const now = clock();
      let claimed: ClaimedDelivery[];
      try {
        claimed = await claimDueDeliveries(db, {
          now,
          leaseUntil: new Date(now.getTime() + leaseMs),
          limit: free,
        });
      } catch (err) {
        if (!claimFailing) logger.error({ err }, "webhooks: could not claim deliveries");
        claimFailing = true;
        return;
      }
      if (claimFailing) logger.info("webhooks: claiming deliveries again");
      claimFailing = false;
      for (const delivery of claimed) {
        if (!delivery.active) {
          logger.info(
            { delivery: delivery.id, webhook: delivery.webhookId },
            "webhooks: webhook disabled, delivery failed",
          );
          continue;
        }
        const task = deliver(delivery)
          .catch((err) =>
            logger.error({ err, delivery: delivery.id }, "webhooks: delivery crashed"),
          )
          .finally(() => {
            sending.delete(task);
            wake();
          });
        sending.add(task);
      }
      // A full batch suggests more are due.
      if (claimed.length >= free) again = true;
    } while (again && !stopped);
  }

  async function deliver(delivery: ClaimedDelivery): Promise<void> {
    let outcome: AttemptOutcome;
    try {
      // Our own rows: the payload was written by enqueueDeliveries.
      const body = payloadBody(delivery.payload as WebhookPayload);
      const secret = decryptSecret(keys().webhookSecrets, delivery.secretCiphertext);
      outcome = await attemptDelivery(doFetch, {
        url: delivery.url,
        deliveryId: delivery.id,
        eventType: delivery.eventType,
        body,
        secret,
        timestamp: Math.floor(clock().getTime() / 1000),
        timeoutMs,
      });
    } catch (err) {
      // attemptDelivery never throws; decryption does when the server secret (APP_SECRET)
      // changed since registration. Recorded as a failed attempt so the row cannot loop.
      logger.error({ err, webhook: delivery.webhookId }, "webhooks: cannot prepare delivery");
      outcome = {
        ok: false,
        statusCode: null,
        error: "could not prepare the delivery (signing secret unreadable: server secret changed?)",
      };
    }
    const at = clock();
    const log = { delivery: delivery.id, webhook: delivery.webhookId, attempt: delivery.attempts };
    let recorded: boolean;
    if (outcome.ok) {
      recorded = await recordDeliverySuccess(db, delivery, { statusCode: outcome.statusCode, at });
      logger.info({ ...log, status: outcome.statusCode }, "webhooks: delivered");
    } else {
      const delay = delays[delivery.attempts - 1];
      const retryAt = delay === undefined ? null : new Date(at.getTime() + delay);
      recorded = await recordDeliveryFailure(db, delivery, {
        statusCode: outcome.statusCode,
        error: outcome.error,
        retryAt,
      });
      // A retry due before the next poll gets its own wake-up.
      if (delay !== undefined && delay < pollIntervalMs) setTimeout(wake, delay).unref();
      if (retryAt)
        logger.warn(
          { ...log, error: outcome.error, retryInMs: delay },
          "webhooks: failed, will retry",
        );
      else logger.error({ ...log, error: outcome.error }, "webhooks: failed, giving up");
    }
    // The lease ran out mid-send and another sender took the delivery over: its result counts.
    if (!recorded) logger.warn(log, "webhooks: outcome not recorded, delivery was reclaimed");
  }

  const unsubscribe = bus.subscribe((event: AppEvent) => {
    // Votes and shared-data notices are not partner events, and "scheduled" must not leak
    // an embargoed entry: partners hear of it when it is published.
    if (!isPublicContentEvent(event) || stopped) return;
    // Not returned to the bus: the publisher must not wait on the database.
    const task = enqueue(event)
      .catch((err) => logger.error({ err, event: eventTypeOf(event) }, "webhooks: could not queue"))
      .finally(() => enqueuing.delete(task));
    enqueuing.add(task);
  });

  const timer = setInterval(wake, pollIntervalMs);
  timer.unref();
  // Deliveries left from before a restart go out without waiting for the first tick.
  wake();

  async function settle(): Promise<void> {
    await Promise.all([...enqueuing, ...sending, claiming]);
  }

  return {
    async stop() {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
      await settle();
    },
    async idle() {
      for (;;) {
        await settle();
        if (stopped) return;
        const busy = () => enqueuing.size > 0 || sending.size > 0 || claiming !== null;
        if (!busy() && (await countPendingDeliveries(db)) === 0 && !busy()) return;
        // A finishing send starts a claim round after settle() looked: check again soon, not
        // after a whole poll interval (which may be a minute).
        await new Promise((resolve) => setTimeout(resolve, Math.min(pollIntervalMs, 20)));
      }
    },
  };
}
