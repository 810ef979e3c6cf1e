import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ContentEventKind } from "../../src/registry.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { startRecorder } from "../helpers/http-recorder.js";
import { contentEvent, webhookHarness } from "./harness.js";

describe.each(backends())("which webhooks get which events (%s)", (backend) => {
  let tdb: TestDatabase;
  let h: Awaited<ReturnType<typeof webhookHarness>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
    h = await webhookHarness(tdb);
  });
  afterEach(() => h.cleanup());
  afterAll(() => tdb.drop());

  it("delivers each event to the active webhooks whose patterns match, and only those", async () => {
    const patterns: Record<string, string[]> = {
      everyUpdate: ["*.updated"],
      announcements: ["announcement.*"],
      everything: ["*"],
      everythingToo: ["*.*"],
      twoExact: ["issue.published", "poll.unpublished"],
      noMatch: ["poll.deleted"],
      inactive: ["*"],
    };
    const endpoints = Object.fromEntries(
      await Promise.all(
        Object.entries(patterns).map(async ([name, types]) => {
          const recorder = await startRecorder();
          const { id } = await h.register(recorder.url, types, name);
          return [name, { recorder, id }] as const;
        }),
      ),
    );
    const inactive = endpoints.inactive;
    if (!inactive) throw new Error("setup");
    await h.gql(
      "mutation ($id: ID!) { updateWebhook(input: { id: $id, active: false }) { __typename } }",
      { id: inactive.id },
      h.asAdmin,
    );

    const sender = h.startSender();
    const sent: [string, ContentEventKind][] = [
      ["announcement", "published"],
      ["issue", "updated"],
      ["poll", "updated"],
      ["event", "published"],
      ["issue", "published"],
      ["announcement", "unpublished"],
    ];
    for (const [type, kind] of sent)
      h.bus.publish(contentEvent({ type: type as "issue", kind, slug: `${type}-${kind}` }));
    // Votes and internal notices are not partner events; a scheduled entry stays embargoed.
    h.bus.publish({ kind: "voted", pollId: 4, at: new Date() });
    h.bus.publish({ kind: "shared-data-changed", at: new Date() });
    h.bus.publish(contentEvent({ kind: "scheduled", slug: "embargoed" }));
    await sender.idle();

    const received = Object.fromEntries(
      Object.entries(endpoints).map(([name, { recorder }]) => [
        name,
        recorder.requests.map((r) => String(r.headers["x-webhook-event"])).sort(),
      ]),
    );
    const all = sent.map(([t, k]) => `${t}.${k}`).sort();
    expect(received).toEqual({
      everyUpdate: ["issue.updated", "poll.updated"],
      announcements: ["announcement.published", "announcement.unpublished"],
      everything: all,
      everythingToo: all,
      twoExact: ["issue.published"],
      noMatch: [],
      inactive: [],
    });
    // Each delivery's body names its own event.
    for (const { recorder } of Object.values(endpoints))
      for (const r of recorder.requests)
        expect(JSON.parse(r.body).type).toBe(r.headers["x-webhook-event"]);
    expect((await h.deliveries(inactive.id)).totalCount).toBe(0);
    await Promise.all(Object.values(endpoints).map((e) => e.recorder.close()));
  });
});
