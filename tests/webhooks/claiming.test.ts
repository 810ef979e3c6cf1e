import { inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { patternsMatching } from "../../src/webhooks/event-types.js";
import {
  claimDueDeliveries,
  enqueueDeliveries,
  recordDeliveryFailure,
  recordDeliverySuccess,
} from "../../src/webhooks/queue.js";
import { webhookDeliveries } from "../../src/webhooks/table.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { skipUnless } from "../helpers/skip.js";
import { webhookHarness } from "./harness.js";

describe.each(backends())("claiming deliveries (%s)", (backend) => {
  let tdb: TestDatabase;
  let h: Awaited<ReturnType<typeof webhookHarness>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
    h = await webhookHarness(tdb);
  });
  afterEach(() => h.cleanup());
  afterAll(() => tdb.drop());

  async function queue(n: number, at = new Date()) {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const rows = await enqueueDeliveries(tdb.database.db, {
        eventType: "issue.updated",
        patterns: patternsMatching("issue.updated"),
        payload: { type: "issue.updated", occurredAt: at.toISOString(), data: {} },
        at,
      });
      ids.push(...rows.map((r) => r.id));
    }
    return ids;
  }

  const lease = (now: Date) => new Date(now.getTime() + 60_000);

  it("hands each due delivery to exactly one of many concurrent claimers", async () => {
    await h.register("https://partner.example/a", ["*"]);
    const queued = await queue(40);
    const now = new Date();
    const claims = await Promise.all(
      Array.from({ length: 8 }, () =>
        claimDueDeliveries(tdb.database.db, { now, leaseUntil: lease(now), limit: 10 }),
      ),
    );
    const claimed = claims.flat().map((c) => c.id);
    expect(claimed.sort((a, b) => a - b)).toEqual(queued.sort((a, b) => a - b));
    expect(claims.flat().every((c) => c.attempts === 1 && c.active)).toBe(true);
    // Leased: nothing is due again until the lease runs out …
    expect(
      await claimDueDeliveries(tdb.database.db, { now, leaseUntil: lease(now), limit: 100 }),
    ).toEqual([]);
    // … and then everything is, as a second attempt (its sender is presumed dead).
    const later = new Date(now.getTime() + 61_000);
    const reclaimed = await claimDueDeliveries(tdb.database.db, {
      now: later,
      leaseUntil: lease(later),
      limit: 100,
    });
    expect(reclaimed).toHaveLength(40);
    expect(reclaimed.every((c) => c.attempts === 2)).toBe(true);
  });

  it("leaves deliveries in the future alone", async () => {
    await h.register("https://partner.example/a", ["*"]);
    const now = new Date();
    await queue(2, new Date(now.getTime() + 5_000));
    expect(
      await claimDueDeliveries(tdb.database.db, { now, leaseUntil: lease(now), limit: 10 }),
    ).toEqual([]);
  });

  it("records an outcome only for the claimer of the current attempt", async () => {
    await h.register("https://partner.example/a", ["*"]);
    const [id] = await queue(1);
    const now = new Date();
    const [first] = await claimDueDeliveries(tdb.database.db, { now, leaseUntil: now, limit: 1 });
    // The lease ran out at once: a second sender takes the delivery over.
    const [second] = await claimDueDeliveries(tdb.database.db, {
      now,
      leaseUntil: lease(now),
      limit: 1,
    });
    expect([first?.id, second?.id]).toEqual([id, id]);
    if (!first || !second) throw new Error("not claimed");
    expect(
      await recordDeliveryFailure(tdb.database.db, first, {
        statusCode: 500,
        error: "late",
        retryAt: null,
      }),
    ).toBe(false);
    expect(await recordDeliverySuccess(tdb.database.db, second, { statusCode: 200, at: now })).toBe(
      true,
    );
    const [row] = await tdb.database.db
      .select()
      .from(webhookDeliveries)
      .where(inArray(webhookDeliveries.id, [second.id]));
    expect(row).toMatchObject({
      status: "succeeded",
      attempts: 2,
      lastStatusCode: 200,
      lastError: null,
    });
  });

  // PGlite is one connection in one process: nothing else can hold a lock while we claim.
  it(
    "skips rows another transaction holds instead of waiting for them (SKIP LOCKED)",
    skipUnless(
      backend === "pglite" ? "PGlite is one connection: no other transaction can hold a row" : null,
    ),
    async () => {
      await h.register("https://partner.example/a", ["*"]);
      const [a, b, c] = await queue(3);
      const now = new Date();
      const db = tdb.database.db;
      const claimedMeanwhile = await db.transaction(async (tx) => {
        // Another instance is in the middle of claiming a and b.
        await tx
          .select({ id: webhookDeliveries.id })
          .from(webhookDeliveries)
          .where(inArray(webhookDeliveries.id, [a ?? 0, b ?? 0]))
          .for("update");
        return claimDueDeliveries(db, { now, leaseUntil: lease(now), limit: 10 });
      });
      expect(claimedMeanwhile.map((d) => d.id)).toEqual([c]);
    },
  );
});
