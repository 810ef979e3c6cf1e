import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, payload } from "../helpers/editorial.js";
import { startRecorder } from "../helpers/http-recorder.js";
import { documentedBodies, shapeDrift } from "./documented.js";
import { webhookHarness } from "./harness.js";

// The card as a public client would ask for it: written out here, not taken from the
// fragment the sender uses, so that the two cannot drift together.
const CARD = `id type: __typename slug title url publishedAt excerpt body { html text }
  coverImage { url alt width height } seo { title description image { url alt width height } }
  readingTime authors { slug name url } tags { slug name } feeds { title url format stream }`;

const ANNOUNCE = `mutation($input: AnnouncementInput!) { createAnnouncement(input: $input) {
  ${ERRORS} ... on CreateAnnouncementSuccess { announcement { id } } } }`;

describe.each(backends())("webhook bodies carry the entry (%s)", (backend) => {
  let tdb: TestDatabase;
  let h: Awaited<ReturnType<typeof webhookHarness>>;
  let editor: { authorization: string };

  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    h = await webhookHarness(tdb);
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
  });
  afterEach(() => h.cleanup());
  afterAll(() => tdb.drop());

  /** An announcement published, unpublished, published again and deleted: the bodies sent. */
  async function lifecycle() {
    const endpoint = await startRecorder();
    await h.register(endpoint.url, ["announcement.*"]);
    const sender = h.startSender();
    const input = {
      title: "Xen 4.0.1 released",
      kind: "NEWS",
      body: "![Xen 4.0.1](https://xen.example.org/images/xen-4-0-1.png)\n\nXen 4.0.1 is out: fixes for **blktap2** and PCI passthrough.",
      tags: ["xen-4-0"],
      authors: ["ian-pratt"],
    };
    const created = payload(await h.gql(ANNOUNCE, { input }, editor), "createAnnouncement");
    const { id } = created.announcement as { id: string };
    const act = (m: string) =>
      h.gql(`mutation($id: ID!) { ${m}(id: $id) { __typename } }`, { id }, editor);
    await act("publishContent");
    const [published] = await endpoint.waitFor(1);
    // What an anonymous client reads while it is published.
    const read = await h.gql<{ node: Record<string, unknown> }>(
      `query($id: ID!) { node(id: $id) { ... on Content { ${CARD} } } }`,
      { id },
    );
    await act("unpublishContent");
    // Only a live entry's deletion is news to partners.
    await act("publishContent");
    await act("deleteContent");
    const requests = await endpoint.waitFor(4);
    await sender.idle();
    await endpoint.close();
    const bodies = requests.map((r) => JSON.parse(r.body));
    expect(published?.body).toBe(requests[0]?.body);
    return { id, bodies, read: read.data?.node };
  }

  it("sends the card readers see, then tombstones once the entry leaves public view", async () => {
    const { id, bodies, read } = await lifecycle();
    const [published, unpublished, , deleted] = bodies;
    expect(bodies.map((b) => b.type)).toEqual([
      "announcement.published",
      "announcement.unpublished",
      "announcement.published",
      "announcement.deleted",
    ]);

    expect(read).toMatchObject({ id, coverImage: { url: expect.any(String) } });
    expect(published.data.entry).toEqual({ ...read, visible: true });
    expect(published.data.entry.url).toBe(published.data.url);
    expect(published.data.entry.feeds.map((f: { url: string }) => f.url)).toContain(
      "https://api.xen.example.org/feeds/announcements.atom",
    );

    const gone = (body: { occurredAt: string }) => ({
      id,
      type: "Announcement",
      slug: "xen-4-0-1-released",
      visible: false,
      removedAt: body.occurredAt,
    });
    expect(unpublished.data.entry).toEqual(gone(unpublished));
    expect(deleted.data.entry).toEqual(gone(deleted));
  });

  it("matches the bodies documented in docs/webhooks.md, key for key", async () => {
    const { bodies } = await lifecycle();
    const [published, unpublished] = bodies;
    const docs = documentedBodies();
    const card = docs.find((d) => d.type === "announcement.published");
    const removal = docs.find((d) => d.type === "announcement.unpublished");
    expect(card, "a documented published body").toBeDefined();
    expect(removal, "a documented tombstone body").toBeDefined();
    expect(shapeDrift(card, published)).toEqual([]);
    expect(shapeDrift(removal, unpublished)).toEqual([]);
    // The comparison itself notices a missing key.
    const { excerpt: _, ...cut } = published.data.entry;
    expect(shapeDrift(card, { ...published, data: { ...published.data, entry: cut } })).not.toEqual(
      [],
    );
  });
});
