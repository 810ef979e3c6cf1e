import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PUBLIC, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, payload } from "../helpers/editorial.js";
import { startRecorder } from "../helpers/http-recorder.js";

/**
 * One editorial write, every listener: the feed cache, the WebSub hub and a partner webhook
 * all hear about it from the bus, after the commit, without the editor waiting.
 */
describe("publishing through the API reaches every listener", () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase("pglite", { seed: true });
  });
  afterAll(() => tdb.drop());

  it("feeds, WebSub and webhooks all see one publish", async () => {
    const hub = await startRecorder();
    const partner = await startRecorder();
    const app = testApp(tdb, {
      background: true,
      feeds: { hubUrl: hub.url },
      webhooks: { retryDelaysMs: [50], pollIntervalMs: 20 },
    });
    const admin = await bearer(tdb.database.db, "admin");
    const created = await app.gql<{ createWebhook: { secret: string } }>(
      `mutation($url: String!) { createWebhook(input: { url: $url, eventTypes: ["announcement.published"] }) { ... on CreateWebhookSuccess { secret } } }`,
      { url: partner.url },
      admin,
    );
    const secret = created.data?.createWebhook.secret as string;

    const before = await app.fetch("/feeds/announcements.atom");
    const etag = before.headers.get("etag") as string;
    const draft = payload(
      await app.gql(
        `mutation { createAnnouncement(input: { title: "Bus news", kind: NEWS }) { ${ERRORS} ... on CreateAnnouncementSuccess { announcement { id } } } }`,
        undefined,
        admin,
      ),
      "createAnnouncement",
    );
    const id = (draft.announcement as { id: string }).id;
    const published = await app.gql(
      `mutation($id: ID!) { publishContent(id: $id) { __typename } }`,
      { id },
      admin,
    );
    expect(published.errors).toBeUndefined();

    // Feed cache dropped: the new entry is there at once, under a new ETag.
    const after = await app.fetch("/feeds/announcements.atom", {
      headers: { "if-none-match": etag },
    });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain("Bus news");

    // WebSub: the hub is asked to fetch the affected feeds.
    await vi.waitFor(() => {
      const pinged = hub.requests.map((r) => new URLSearchParams(r.body).get("hub.url"));
      expect(pinged).toEqual(
        expect.arrayContaining([`${PUBLIC}/feeds/all.atom`, `${PUBLIC}/feeds/announcements.rss`]),
      );
    }, 10_000);

    // Webhook: one signed delivery of announcement.published.
    const [delivery] = await partner.waitFor(1);
    const body = delivery?.body as string;
    const sig = createHmac("sha256", secret)
      .update(`${delivery?.headers["x-webhook-timestamp"]}.${body}`)
      .digest("hex");
    expect(delivery?.headers["x-webhook-signature"]).toBe(`sha256=${sig}`);
    expect(JSON.parse(body)).toMatchObject({
      type: "announcement.published",
      data: { id, slug: "bus-news", type: "announcement" },
    });

    await app.app.close();
    await hub.close();
    await partner.close();
  });
});
