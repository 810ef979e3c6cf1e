import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventBus } from "../../src/bus/bus.js";
import type { AppEvent } from "../../src/bus/events.js";
import { createAnnouncements } from "../../src/content/announcement/writes.js";
import { startScheduler } from "../../src/content/entry/scheduler.js";
import { createLogger } from "../../src/logger.js";
import { TestClock } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

describe.each(backends())("scheduler on %s", (backend) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
  });
  afterAll(() => tdb.drop());

  it("announces a scheduled entry as published once it is due, exactly once across two instances", async () => {
    const due = new Date("2026-12-01T09:00:00Z");
    await createAnnouncements(tdb.database.db, [
      {
        slug: "due-news",
        title: "Due news",
        kind: "news",
        status: "scheduled",
        publishedAt: due,
        tags: ["xen-4-0"],
      },
    ]);
    const clock = new TestClock(new Date("2026-12-01T08:59:59Z"));
    const bus = new EventBus();
    const heard: AppEvent[] = [];
    bus.subscribe((e) => {
      heard.push(e);
    });
    const logger = createLogger("silent");
    const a = startScheduler({ db: tdb.database.db, bus, clock: clock.now, logger });
    const b = startScheduler({ db: tdb.database.db, bus, clock: clock.now, logger });
    await a.tick();
    expect(heard).toEqual([]);
    clock.set("2026-12-01T09:00:00Z");
    await Promise.all([a.tick(), b.tick()]);
    expect(heard).toEqual([
      {
        kind: "published",
        type: "announcement",
        id: expect.any(Number),
        slug: "due-news",
        tags: ["xen-4-0"],
        publishedAt: due,
        at: due,
      },
    ]);
    await a.tick();
    expect(heard).toHaveLength(1);
    await Promise.all([a.stop(), b.stop()]);
  });
});
