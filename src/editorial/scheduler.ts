import type { Db } from "../db/client.js";
import { nextDueAt, publishDueContent, tagsByContentIds } from "../db/repos/content.js";
import { type EventBus, isContentEvent } from "../events.js";
import type { Logger } from "../logger.js";

/** Re-check at least this often, whatever the timers say (clock drift, other instances). */
const MAX_SLEEP_MS = 60_000;

/**
 * Turns due scheduled entries into published ones and announces them ("published" on the
 * bus: feeds, webhooks, WebSub, subscriptions). Readers already see them on the second
 * (visibility compares publish time with the request clock); this makes the change heard.
 * Safe with several instances: the flip is one atomic UPDATE, so each entry is announced once.
 */
export function startScheduler(options: {
  db: Db;
  bus: EventBus;
  clock: () => Date;
  logger: Logger;
}) {
  const { db, bus, clock, logger } = options;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  async function tick(): Promise<void> {
    const now = clock();
    const due = await publishDueContent(db, now);
    const tags = await tagsByContentIds(
      db,
      due.map((d) => d.id),
    );
    for (const row of due) {
      bus.publish({
        kind: "published",
        type: row.type,
        id: row.id,
        slug: row.slug,
        tags: tags.filter((t) => t.contentId === row.id).map((t) => t.slug),
        publishedAt: row.publishedAt,
        at: now,
      });
    }
    if (due.length) logger.info({ ids: due.map((d) => d.id) }, "scheduler: published due entries");
  }

  async function loop(): Promise<void> {
    if (stopped) return;
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
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      running = loop();
    }, ms);
    timer.unref();
  }

  const unsubscribe = bus.subscribe((event) => {
    // A new or moved schedule may be due sooner than the current timer.
    if (isContentEvent(event) && event.kind === "scheduled") schedule(0);
  }, "cluster");
  schedule(0);

  return {
    /** Run one check now (tests with a controlled clock). */
    tick,
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      await running.catch(() => {});
    },
  };
}
