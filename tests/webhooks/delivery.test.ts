import { createHmac, randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deriveKeys } from "../../src/auth/keys.js";
import { EventBus } from "../../src/bus/bus.js";
import { encodeId } from "../../src/read/ids.js";
import { tombstone } from "../../src/webhooks/entry.js";
import { eventPayload } from "../../src/webhooks/payload.js";
import { enqueueDeliveries } from "../../src/webhooks/queue.js";
import { SITE } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { startRecorder } from "../helpers/http-recorder.js";
import { startSlowEndpoint } from "../helpers/slow-endpoint.js";
import { contentEvent, webhookHarness } from "./harness.js";

/** What a partner does: recompute the HMAC over "<timestamp>.<body>" with its secret. */
function partnerVerifies(secret: string, headers: Record<string, unknown>, body: string): boolean {
  const timestamp = String(headers["x-webhook-timestamp"]);
  const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
  return headers["x-webhook-signature"] === expected;
}

describe.each(backends())("webhook deliveries (%s)", (backend) => {
  let tdb: TestDatabase;
  let h: Awaited<ReturnType<typeof webhookHarness>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
    h = await webhookHarness(tdb);
  });
  afterEach(() => h.cleanup());
  afterAll(() => tdb.drop());

  it("delivers a signed JSON body to a real endpoint, and logs it", async () => {
    const endpoint = await startRecorder();
    const { id, secret } = await h.register(endpoint.url, ["announcement.published"]);
    const sender = h.startSender();
    const before = Math.floor(Date.now() / 1000);

    h.bus.publish(contentEvent());
    const [request] = await endpoint.waitFor(1);
    await sender.idle();
    if (!request) throw new Error("no request");

    expect(request.method).toBe("POST");
    expect(request.path).toBe("/hub");
    const deliveryId = String(request.headers["x-webhook-delivery-id"]);
    expect(deliveryId).toMatch(/^[1-9][0-9]*$/);
    // The old, deprecated name still carries the same delivery id for one release.
    expect(request.headers["x-webhook-id"]).toBe(deliveryId);
    expect(request.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "newsletter-content-api-webhooks/1",
      "x-webhook-event": "announcement.published",
    });
    const timestamp = Number(request.headers["x-webhook-timestamp"]);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(partnerVerifies(secret, request.headers, request.body)).toBe(true);
    // A different secret or a changed body does not verify.
    expect(partnerVerifies(`${secret}x`, request.headers, request.body)).toBe(false);
    expect(partnerVerifies(secret, request.headers, `${request.body} `)).toBe(false);

    // The exact body, keys in the documented order. This database has no entry 2: a
    // published entry gone again before the delivery was queued goes out as a tombstone,
    // removed by the time it was found gone.
    const removedAt = JSON.parse(request.body).data.entry.removedAt;
    expect(Date.parse(removedAt)).toBeGreaterThanOrEqual(before * 1000);
    expect(request.body).toBe(
      JSON.stringify({
        id: deliveryId,
        type: "announcement.published",
        occurredAt: "2010-04-13T10:00:05.000Z",
        data: {
          id: encodeId("Announcement", 2),
          type: "announcement",
          slug: "xen-4-0-availability",
          url: `${SITE}/announcements/xen-4-0-availability`,
          tags: ["xen-4-0", "press-release"],
          publishedAt: "2010-04-13T10:00:00.000Z",
          entry: {
            id: encodeId("Announcement", 2),
            type: "Announcement",
            slug: "xen-4-0-availability",
            visible: false,
            removedAt,
          },
        },
      }),
    );

    const log = await h.deliveries(id);
    expect(log.totalCount).toBe(1);
    expect(log.edges[0]?.node).toMatchObject({
      id: deliveryId,
      eventType: "announcement.published",
      status: "SUCCEEDED",
      attempts: 1,
      lastStatusCode: 204,
      lastError: null,
      nextAttemptAt: null,
      payload: request.body,
    });
    expect(log.edges[0]?.node.deliveredAt).not.toBeNull();
    await endpoint.close();
  });

  it("retries after a 500 and then succeeds", async () => {
    const endpoint = await startRecorder([500]);
    const { id, secret } = await h.register(endpoint.url, ["*"]);
    const sender = h.startSender();
    h.bus.publish(contentEvent({ kind: "updated", type: "poll", id: 4, slug: "mascot" }));
    const [first, second] = await endpoint.waitFor(2);
    await sender.idle();

    // The retry is the same delivery: same id and body, signed afresh.
    expect(second?.headers["x-webhook-delivery-id"]).toBe(first?.headers["x-webhook-delivery-id"]);
    expect(second?.body).toBe(first?.body);
    expect(partnerVerifies(secret, second?.headers ?? {}, second?.body ?? "")).toBe(true);
    const log = await h.deliveries(id);
    expect(log.edges.map((e) => e.node)).toMatchObject([
      {
        status: "SUCCEEDED",
        attempts: 2,
        lastStatusCode: 204,
        lastError: null,
        nextAttemptAt: null,
      },
    ]);
    expect(endpoint.requests).toHaveLength(2);
    await endpoint.close();
  });

  it("gives up after the configured retries, keeping the last error", async () => {
    const endpoint = await startRecorder([500, 503, 500, 500]);
    const { id } = await h.register(endpoint.url, ["*"]);
    const sender = h.startSender();
    h.bus.publish(contentEvent());
    await endpoint.waitFor(3);
    await sender.idle();

    // Two retry delays configured: three attempts in all, then FAILED.
    expect(endpoint.requests).toHaveLength(3);
    const log = await h.deliveries(id);
    expect(log.edges[0]?.node).toMatchObject({
      status: "FAILED",
      attempts: 3,
      lastStatusCode: 500,
      lastError: "HTTP 500 Internal Server Error",
      deliveredAt: null,
      nextAttemptAt: null,
    });
    expect((await h.deliveries(id, { status: "FAILED" })).totalCount).toBe(1);
    await endpoint.close();
  });

  it("treats a redirect as a failure and does not follow it", async () => {
    const endpoint = await startRecorder([302, 302, 302]);
    const { id } = await h.register(endpoint.url, ["*"]);
    const sender = h.startSender();
    h.bus.publish(contentEvent());
    await sender.idle();
    expect(endpoint.requests).toHaveLength(3);
    expect(endpoint.requests.every((r) => r.method === "POST" && r.path === "/hub")).toBe(true);
    expect((await h.deliveries(id)).edges[0]?.node).toMatchObject({
      status: "FAILED",
      lastStatusCode: 302,
      lastError: expect.stringContaining("redirects are not followed"),
    });
    await endpoint.close();
  });

  it("records an unreachable endpoint without a status code", async () => {
    const endpoint = await startRecorder();
    const url = endpoint.url;
    await endpoint.close();
    const { id } = await h.register(url, ["*"]);
    const sender = h.startSender();
    h.bus.publish(contentEvent());
    await sender.idle();
    expect((await h.deliveries(id)).edges[0]?.node).toMatchObject({
      status: "FAILED",
      attempts: 3,
      lastStatusCode: null,
      lastError: expect.stringContaining("ECONNREFUSED"),
    });
  });

  it("never makes the publisher wait, even for a slow endpoint", async () => {
    const endpoint = await startSlowEndpoint(500);
    const { id } = await h.register(endpoint.url, ["*"]);
    const sender = h.startSender();

    // publish returns before any delivery is even queued, let alone sent or answered.
    for (let i = 0; i < 5; i++)
      expect(h.bus.publish(contentEvent({ id: 10 + i, slug: `slow-${i}` }))).toBeUndefined();
    expect(endpoint.requests).toHaveLength(0);

    // Four at once (the concurrency limit), the fifth when a slot frees up.
    await sender.idle();
    expect(endpoint.requests).toHaveLength(5);
    expect(endpoint.maxInFlight()).toBe(4);
    const log = await h.deliveries(id, { status: "SUCCEEDED" });
    expect(log.totalCount).toBe(5);
    await endpoint.close();
  });

  it("times out a request that takes too long", async () => {
    const endpoint = await startSlowEndpoint(2_000);
    const { id } = await h.register(endpoint.url, ["*"]);
    const sender = h.startSender({ timeoutMs: 100, retryDelaysMs: [] });
    h.bus.publish(contentEvent());
    await sender.idle();
    expect((await h.deliveries(id)).edges[0]?.node).toMatchObject({
      status: "FAILED",
      attempts: 1,
      lastStatusCode: null,
      lastError: "timed out after 100 ms",
    });
    await endpoint.close();
  });

  it("fails deliveries of a webhook deactivated before they went out", async () => {
    const endpoint = await startRecorder();
    const { id } = await h.register(endpoint.url, ["*"]);
    // Queued while active (no sender running yet) …
    const event = contentEvent();
    await enqueueDeliveries(tdb.database.db, {
      eventType: "announcement.published",
      patterns: ["*"],
      payload: eventPayload(event, { site: SITE, public: SITE }, tombstone(event, event.at)),
      at: new Date(),
    });
    // … then switched off.
    const off = await h.gql(
      "mutation ($id: ID!) { updateWebhook(input: { id: $id, active: false }) { __typename } }",
      { id },
      h.asAdmin,
    );
    expect(off.data).toEqual({ updateWebhook: { __typename: "UpdateWebhookSuccess" } });
    const sender = h.startSender();
    await sender.idle();
    expect(endpoint.requests).toHaveLength(0);
    expect((await h.deliveries(id)).edges[0]?.node).toMatchObject({
      status: "FAILED",
      attempts: 0,
      lastError: "webhook disabled",
    });
    // And new events are not queued for it at all.
    h.bus.publish(event);
    await sender.idle();
    expect((await h.deliveries(id)).totalCount).toBe(1);
    await endpoint.close();
  });

  it("fails, without sending, when the server secret changed since registration", async () => {
    const endpoint = await startRecorder();
    const { id } = await h.register(endpoint.url, ["*"]);
    const otherKeys = deriveKeys(randomBytes(32));
    const sender = h.startSender({ keys: () => otherKeys, retryDelaysMs: [] });
    h.bus.publish(contentEvent());
    await sender.idle();
    expect(endpoint.requests).toHaveLength(0);
    expect((await h.deliveries(id)).edges[0]?.node).toMatchObject({
      status: "FAILED",
      attempts: 1,
      lastStatusCode: null,
      lastError: expect.stringContaining("signing secret unreadable"),
    });
    await endpoint.close();
  });

  it("sends deliveries queued before a restart", async () => {
    const endpoint = await startRecorder();
    const { id, secret } = await h.register(endpoint.url, ["*"]);
    // Rows a previous process queued and never sent.
    for (const n of [1, 2, 3]) {
      const event = contentEvent({ type: "issue", id: n, slug: `issue-${n}` });
      await enqueueDeliveries(tdb.database.db, {
        eventType: "issue.published",
        patterns: ["*"],
        payload: eventPayload(event, { site: SITE, public: SITE }, tombstone(event, event.at)),
        at: new Date(),
      });
    }
    const sender = h.startSender({ pollIntervalMs: 60_000 });
    await endpoint.waitFor(3);
    await sender.idle();
    expect(endpoint.requests.every((r) => partnerVerifies(secret, r.headers, r.body))).toBe(true);
    expect((await h.deliveries(id, { status: "SUCCEEDED" })).totalCount).toBe(3);
    await endpoint.close();
  });

  it("signs with the rotated secret from the moment it changes", async () => {
    const endpoint = await startRecorder();
    const { id, secret: old } = await h.register(endpoint.url, ["*"]);
    const rotated = await h.gql<{ rotateWebhookSecret: { secret: string } }>(
      "mutation ($id: ID!) { rotateWebhookSecret(id: $id) { ... on RotateWebhookSecretSuccess { secret } } }",
      { id },
      h.asAdmin,
    );
    const secret = rotated.data?.rotateWebhookSecret.secret ?? "";
    const sender = h.startSender();
    h.bus.publish(contentEvent());
    const [request] = await endpoint.waitFor(1);
    await sender.idle();
    expect(partnerVerifies(secret, request?.headers ?? {}, request?.body ?? "")).toBe(true);
    expect(partnerVerifies(old, request?.headers ?? {}, request?.body ?? "")).toBe(false);
    await endpoint.close();
  });

  it("never sends a delivery twice when several instances share the database", async () => {
    const endpoint = await startRecorder();
    const { id } = await h.register(endpoint.url, ["*"]);
    // Three senders; only the first listens to the bus, all three work the queue.
    const senders = [
      h.startSender(),
      h.startSender({ bus: new EventBus() }),
      h.startSender({ bus: new EventBus() }),
    ];
    for (let i = 0; i < 30; i++) h.bus.publish(contentEvent({ id: 100 + i, slug: `many-${i}` }));
    await endpoint.waitFor(30);
    // Every sender settled and nothing pending in the queue: no second send can still come.
    await Promise.all(senders.map((s) => s.idle()));
    const ids = endpoint.requests.map((r) => r.headers["x-webhook-delivery-id"]);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    const log = await h.deliveries(id, { first: 100 });
    expect(log.edges.every((e) => e.node.status === "SUCCEEDED" && e.node.attempts === 1)).toBe(
      true,
    );
    await endpoint.close();
  });
});
