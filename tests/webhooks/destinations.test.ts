/**
 * Webhook destinations (issue 13, item 23): private, loopback and link-local addresses are
 * refused when a URL is registered and again at connect time, after DNS, unless allow-listed.
 */
import { lookup } from "node:dns/promises";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DestinationPolicy } from "../../src/webhooks/destination.js";
import { attemptDelivery } from "../../src/webhooks/send.js";
import { testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { startRecorder } from "../helpers/http-recorder.js";
import { skipUnless } from "../helpers/skip.js";

const CREATE = `mutation ($input: CreateWebhookInput!) {
  createWebhook(input: $input) {
    __typename
    ... on ValidationError { fieldErrors { path message code } }
  }
}`;

type Created = {
  createWebhook: { __typename: string; fieldErrors?: { message: string; code: string }[] };
};

const attempt = (url: string) => ({
  url,
  deliveryId: 1,
  eventType: "ping",
  body: "{}",
  secret: "s",
  timestamp: 0,
  timeoutMs: 2_000,
});

// The machine's own name resolves to one of its addresses (127.0.x.x on these machines).
const name = hostname();
const resolved = await lookup(name).catch(() => null);
const special = resolved && new DestinationPolicy().refusal(resolved.address);

describe("webhook destinations", () => {
  let tdb: TestDatabase;
  let admin: Record<string, string>;
  const register = async (policy: DestinationPolicy, url: string) => {
    const { gql } = testApp(tdb, { webhooks: { destinations: policy } });
    const r = await gql<Created>(CREATE, { input: { url, eventTypes: ["*"] } }, admin);
    return r.data?.createWebhook;
  };

  beforeAll(async () => {
    tdb = await createTestDatabase("pglite");
    admin = { authorization: (await bearer(tdb.database.db, "admin")).authorization };
  });
  afterAll(() => tdb.drop());

  it.each([
    ["https://169.254.169.254/latest/meta-data", "169.254.169.254 is a link-local address"],
    ["https://10.0.0.1/hooks", "10.0.0.1 is a private address"],
    ["http://127.0.0.1:5432/", "127.0.0.1 is a loopback address"],
    ["http://localhost:6379/", "localhost is a loopback name"],
    ["https://[::1]/", "::1 is a loopback address"],
    ["https://[::ffff:a00:1]/", "::ffff:a00:1 is a private address"],
    ["https://[fd00::1]/", "fd00::1 is a private address"],
    ["https://2130706433/", "127.0.0.1 is a loopback address"],
  ])("refuses %s at registration (PRIVATE_ADDRESS)", async (url, why) => {
    const result = await register(new DestinationPolicy(), url);
    expect(result?.__typename).toBe("ValidationError");
    expect(result?.fieldErrors).toEqual([
      {
        path: ["input", "url"],
        code: "PRIVATE_ADDRESS",
        message: `Deliveries may not go to ${why}; an operator can allow it with WEBHOOK_ALLOW_PRIVATE.`,
      },
    ]);
  });

  it("accepts public hosts, and private ranges an operator allow-listed", async () => {
    expect(
      (await register(new DestinationPolicy(), "https://partner.example/hooks"))?.__typename,
    ).toBe("CreateWebhookSuccess");
    const allowed = new DestinationPolicy(["10.0.0.0/8"]);
    expect((await register(allowed, "https://10.0.0.1/hooks"))?.__typename).toBe(
      "CreateWebhookSuccess",
    );
    expect((await register(allowed, "https://192.168.1.1/hooks"))?.__typename).toBe(
      "ValidationError",
    );
  });

  it("checks the address a name resolves to when sending (DNS rebinding), and sends where allowed", async () => {
    const receiver = await startRecorder();
    const port = new URL(receiver.url).port;
    try {
      const refused = await attemptDelivery(
        new DestinationPolicy().fetch(),
        attempt(`http://127.0.0.1:${port}/`),
      );
      expect(refused).toEqual({
        ok: false,
        statusCode: null,
        error: "not sent: 127.0.0.1 is a loopback address (WEBHOOK_ALLOW_PRIVATE allows it)",
      });
      const local = new DestinationPolicy(["127.0.0.0/8", "::1/128"]);
      const sent = await attemptDelivery(local.fetch(), attempt(`http://localhost:${port}/`));
      expect(sent).toEqual({ ok: true, statusCode: 204 });
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it(
    `refuses a name that resolves to a private address at connect time (${name})`,
    skipUnless(special ? null : `${name} does not resolve to a private address here`),
    async () => {
      const outcome = await attemptDelivery(
        new DestinationPolicy().fetch(),
        attempt(`http://${name}:65000/`),
      );
      expect(outcome).toEqual({
        ok: false,
        statusCode: null,
        error: `fetch failed: not sent: ${name}: ${special} (WEBHOOK_ALLOW_PRIVATE allows it)`,
      });
    },
  );
});
