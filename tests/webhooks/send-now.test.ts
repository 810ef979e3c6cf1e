import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { verifyDelivery } from "../../src/webhooks/signature.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { type Recorded, startRecorder } from "../helpers/http-recorder.js";
import { documentedBodies, shapeDrift } from "./documented.js";
import { contentEvent, type DeliveryView, webhookHarness } from "./harness.js";

const DELIVERY =
  "id eventType status attempts lastStatusCode lastError payload nextAttemptAt deliveredAt redeliveryOf";

const TEST = `mutation ($id: ID!) { testWebhook(id: $id) {
  __typename
  ... on TestWebhookSuccess { delivery { ${DELIVERY} } }
  ... on NotFoundError { id message }
  ... on WebhookDisabledError { webhookId message }
} }`;

const REDELIVER = `mutation ($id: ID!) { redeliverWebhookDelivery(id: $id) {
  __typename
  ... on RedeliverWebhookDeliverySuccess { delivery { ${DELIVERY} } }
  ... on NotFoundError { id message }
  ... on WebhookDisabledError { webhookId message }
} }`;

type Sent = {
  __typename: string;
  delivery?: DeliveryView;
  id?: string;
  webhookId?: string;
  message?: string;
};

/** The signature a partner checks, over the raw body. */
function signedBy(secret: string, request: Recorded | undefined): boolean {
  const timestamp = Number(request?.headers["x-webhook-timestamp"]);
  const header = String(request?.headers["x-webhook-signature"]);
  return verifyDelivery(secret, timestamp, request?.body ?? "", header);
}

describe.each(backends())("sending to a webhook now (%s)", (backend) => {
  let tdb: TestDatabase;
  let h: Awaited<ReturnType<typeof webhookHarness>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
    // The app's own sender serves the mutations; its background loop stays off.
    h = await webhookHarness(tdb, { retryDelaysMs: [60_000], pollIntervalMs: 20 });
  });
  afterEach(() => h.cleanup());
  afterAll(() => tdb.drop());

  const test = async (id: string, headers = h.asAdmin) =>
    (await h.gql<{ testWebhook: Sent }>(TEST, { id }, headers)).data?.testWebhook;
  const redeliver = async (id: string) =>
    (await h.gql<{ redeliverWebhookDelivery: Sent }>(REDELIVER, { id }, h.asAdmin)).data
      ?.redeliverWebhookDelivery;

  it("testWebhook sends a signed ping at once and answers with its delivery", async () => {
    const endpoint = await startRecorder();
    const { id, secret } = await h.register(endpoint.url, ["announcement.*"]);

    const result = await test(id);
    expect(endpoint.requests).toHaveLength(1);
    const [request] = endpoint.requests;
    const delivery = result?.delivery;
    expect(result?.__typename).toBe("TestWebhookSuccess");
    expect(delivery).toMatchObject({
      eventType: "ping",
      status: "SUCCEEDED",
      attempts: 1,
      lastStatusCode: 204,
      lastError: null,
      nextAttemptAt: null,
      redeliveryOf: null,
      payload: request?.body,
    });
    // Signed and labelled like any delivery.
    expect(request?.headers).toMatchObject({
      "x-webhook-event": "ping",
      "x-webhook-delivery-id": delivery?.id,
      "x-webhook-id": delivery?.id,
    });
    expect(signedBy(secret, request)).toBe(true);
    const body = JSON.parse(request?.body ?? "");
    expect(body).toEqual({
      id: delivery?.id,
      type: "ping",
      occurredAt: expect.any(String),
      data: { webhook: { id, url: endpoint.url, eventTypes: ["announcement.*"] } },
    });
    expect(
      shapeDrift(
        documentedBodies().find((d) => d.type === "ping"),
        body,
      ),
    ).toEqual([]);
    expect((await h.deliveries(id)).edges.map((e) => e.node.id)).toEqual([delivery?.id]);
    await endpoint.close();
  });

  it("testWebhook reports a failing endpoint once, without retrying", async () => {
    const endpoint = await startRecorder([500, 500]);
    const { id } = await h.register(endpoint.url, ["*"]);
    expect((await test(id))?.delivery).toMatchObject({
      status: "FAILED",
      attempts: 1,
      lastStatusCode: 500,
      lastError: "HTTP 500 Internal Server Error",
      nextAttemptAt: null,
    });
    // A sender working the queue finds nothing left to send.
    await h.startSender().idle();
    expect(endpoint.requests).toHaveLength(1);
    await endpoint.close();
  });

  it("testWebhook refuses a disabled or deleted webhook, other ids and other callers", async () => {
    const endpoint = await startRecorder();
    const { id } = await h.register(endpoint.url, ["*"]);
    await h.gql(
      "mutation ($id: ID!) { updateWebhook(input: { id: $id, active: false }) { __typename } }",
      { id },
      h.asAdmin,
    );
    const off = await test(id);
    expect(off).toEqual({
      __typename: "WebhookDisabledError",
      webhookId: id,
      message: `Webhook ${id} is disabled: switch it on with updateWebhook(input: { id: "${id}", active: true }) first.`,
    });
    await h.gql("mutation ($id: ID!) { deleteWebhook(id: $id) { __typename } }", { id }, h.asAdmin);
    expect(await test(id)).toMatchObject({ __typename: "NotFoundError", id });
    expect(await test("999999")).toMatchObject({ __typename: "NotFoundError", id: "999999" });
    expect(endpoint.requests).toHaveLength(0);

    const bad = await h.gql(TEST, { id: "abc" }, h.asAdmin);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_ID");
    const editor = await bearer(tdb.database.db, "editor");
    const asEditor = await h.gql(TEST, { id }, { authorization: editor.authorization });
    expect(asEditor.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const anonymous = await h.gql(REDELIVER, { id: "1" });
    expect(["FORBIDDEN", "UNAUTHENTICATED"]).toContain(anonymous.errors?.[0]?.extensions?.code);
    await endpoint.close();
  });

  it("redeliverWebhookDelivery sends the same body again as a new, linked delivery", async () => {
    // The first delivery fails for good (no retries configured for this sender).
    const endpoint = await startRecorder([500]);
    const { id, secret } = await h.register(endpoint.url, ["*"]);
    const sender = h.startSender({ retryDelaysMs: [] });
    h.bus.publish(contentEvent());
    await endpoint.waitFor(1);
    await sender.idle();
    const [original] = (await h.deliveries(id)).edges.map((e) => e.node);
    expect(original).toMatchObject({ status: "FAILED", redeliveryOf: null });

    const result = await redeliver(original?.id ?? "");
    expect(result?.__typename).toBe("RedeliverWebhookDeliverySuccess");
    const again = result?.delivery;
    expect(again).toMatchObject({
      eventType: "announcement.published",
      status: "SUCCEEDED",
      attempts: 1,
      lastStatusCode: 204,
      redeliveryOf: original?.id,
    });
    expect(again?.id).not.toBe(original?.id);
    const request = endpoint.requests[1];
    expect(request?.headers["x-webhook-delivery-id"]).toBe(again?.id);
    expect(signedBy(secret, request)).toBe(true);
    // The original's body, under its own delivery id, naming the one it repeats.
    const first = JSON.parse(original?.payload ?? "");
    expect(JSON.parse(request?.body ?? "")).toEqual({
      ...first,
      id: again?.id,
      redeliveryOf: original?.id,
    });
    expect(request?.body).toBe(again?.payload);
    // Newest first: the redelivery, then the original, untouched.
    const log = (await h.deliveries(id)).edges.map((e) => e.node);
    expect(log.map((d) => d.id)).toEqual([again?.id, original?.id]);
    expect(log[1]).toMatchObject({ status: "FAILED", attempts: 1 });
    await endpoint.close();
  });

  it("redeliverWebhookDelivery refuses unknown deliveries and disabled webhooks", async () => {
    const endpoint = await startRecorder();
    const { id } = await h.register(endpoint.url, ["*"]);
    const ping = (await test(id))?.delivery?.id ?? "";
    await h.gql(
      "mutation ($id: ID!) { updateWebhook(input: { id: $id, active: false }) { __typename } }",
      { id },
      h.asAdmin,
    );
    expect(await redeliver(ping)).toMatchObject({
      __typename: "WebhookDisabledError",
      webhookId: id,
    });
    expect(await redeliver("999999")).toMatchObject({ __typename: "NotFoundError", id: "999999" });
    expect(endpoint.requests).toHaveLength(1);
    await endpoint.close();
  });
});
