import type { EventBus } from "../../bus/bus.js";
import { type AppEvent, contentEvent, isContentEvent } from "../../bus/events.js";
import type { Db } from "../../db/client.js";
import type { Logger } from "../../logger.js";
import { tagsByEntryIds } from "../tags/reads.js";
import { nextDueAt, publishDueEntries } from "./lifecycle-store.js";

/** Re-check at least this often, whatever the timers say (clock drift, other instances). */
const MAX_SLEEP_MS = 60_000;

export interface SchedulerOptions {
  db: Db;
  bus: EventBus;
  clock: () => Date;
  logger: Logger;
}

export interface Scheduler {
  /** A new or moved schedule may be due sooner than the current timer: look again. */
  onEvent(event: AppEvent): void;
  /** Start the timer loop. */
  start(): { stop(): Promise<void> };
  /** Run one check now (tests with a controlled clock). */
  tick(): Promise<void>;
}

/**
 * Turns due scheduled entries into published ones and announces them ("published" on the
 * bus: feeds, webhooks, WebSub, subscriptions). Readers already see them on the second
 * (visibility compares publish time with the request clock); this makes the change heard.
 * Safe with several instances: the flip is one atomic UPDATE, so each entry is announced once.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { db, bus, clock, logger } = options;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let looping: Promise<void> = Promise.resolve();

  async function tick(): Promise<void> {
    const now = clock();
    const due = await publishDueEntries(db, now);
    const tags = await tagsByEntryIds(
      db,
      due.map((d) => d.id),
    );
    for (const row of due) {
      const slugs = tags.filter((t) => t.contentId === row.id).map((t) => t.slug);
      bus.publish(contentEvent("published", row, slugs, now));
    }
    if (due.length) logger.info({ ids: due.map((d) => d.id) }, "scheduler: published due entries");
  }

  async function loop(): Promise<void> {
    if (!running) return;
    try {
      await tick();
      const next = await nextDueAt(db);
      const wait = next ? Math.max(0, next.getTime() - clock().getTime()) : MAX_SLEEP_MS;
      schedule(Math.min(wait + 5, MAX_SLEEP_MS));
    } catch (error) {
      logger.warn({ err: (error as Error).message }, "scheduler: check failed, retrying");
      schedule(5_000);
    }
  }

  function schedule(ms: number) {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      looping = loop();
    }, ms);
    timer.unref();
  }

  return {
    tick,
    onEvent(event) {
      if (isContentEvent(event) && event.kind === "scheduled") schedule(0);
    },
    start() {
      running = true;
      schedule(0);
      return {
        async stop() {
          running = false;
          if (timer) clearTimeout(timer);
          await looping.catch(() => {});
        },
      };
    },
  };
}

/** A scheduler listening on the bus and running (tests; the app wires it in src/app.ts). */
export function startScheduler(options: SchedulerOptions) {
  const scheduler = createScheduler(options);
  const unsubscribe = options.bus.subscribe((e) => scheduler.onEvent(e), "cluster");
  const worker = scheduler.start();
  return {
    tick: scheduler.tick,
    async stop() {
      unsubscribe();
      await worker.stop();
    },
  };
}
