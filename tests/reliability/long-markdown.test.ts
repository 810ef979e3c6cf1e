import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { announcements } from "../../src/content/announcement/table.js";
import { closeMarkdownWorker, OFFLOAD_CHARS, offloadedRenders } from "../../src/text/offload.js";
import { renderFresh } from "../../src/text/rich-text.js";
import { testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, type MutationPayload, payload } from "../helpers/editorial.js";

describe.each(backends())("long Markdown is rendered off the event loop on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb, { responseCache: false });
  });
  afterAll(async () => {
    await closeMarkdownWorker();
    await tdb.drop();
  });

  it("a body of emphasis runs reaches readers through the worker thread, rendered as in place", async () => {
    const editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
    const made = payload(
      await app.gql<Record<string, MutationPayload>>(
        `mutation { createAnnouncement(input: { title: "Long one", kind: NEWS, body: "short" }) { ${ERRORS} ... on CreateAnnouncementSuccess { announcement { id slug } } } }`,
        {},
        editor,
      ),
      "createAnnouncement",
    ).announcement as { id: string; slug: string };
    payload(
      await app.gql<Record<string, MutationPayload>>(
        `mutation($id: ID!) { publishContent(id: $id) { ${ERRORS} } }`,
        { id: made.id },
        editor,
      ),
      "publishContent",
    );
    // Stored as another instance or an import would have left it: never rendered here.
    const body = `${"*a".repeat(40_000)} ${Date.now()}`;
    expect(body.length).toBeGreaterThan(OFFLOAD_CHARS);
    const [row] = await tdb.database.db
      .update(announcements)
      .set({ bodyMd: body })
      .where(eq(announcements.bodyMd, "short"))
      .returning({ id: announcements.contentId });
    expect(row).toBeDefined();
    const before = offloadedRenders();
    const r = await app.gql<{ announcement: { body: { html: string }; excerpt: string } }>(
      `{ announcement(slug: "${made.slug}") { body { html } excerpt } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(offloadedRenders()).toBe(before + 1);
    expect(r.data?.announcement.body.html).toBe(renderFresh(body).html);
    // The feed reads the same rendering (no second trip to the worker).
    const feed = await app.fetch("/feeds/announcements.json");
    expect(feed.status).toBe(200);
    expect(offloadedRenders()).toBe(before + 1);
  });

  it("an editor's long write is checked in the worker too, with the same verdicts", async () => {
    const editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
    const create = (body: string) =>
      app.gql<Record<string, MutationPayload>>(
        `mutation($body: String!) { createAnnouncement(input: { title: "Long write", kind: NEWS, body: $body }) { ${ERRORS} ... on CreateAnnouncementSuccess { announcement { body { text } } } } }`,
        { body },
        editor,
      );
    const before = offloadedRenders();
    const unsafe = `${"`a".repeat(20_000)}\n\n<script>alert(1)</script> ${Date.now()}`;
    const refused = payload(await create(unsafe), "createAnnouncement");
    expect(refused.fieldErrors?.map((e) => [e.path, e.code])).toEqual([
      [["input", "body"], "UNSAFE_MARKUP"],
    ]);
    const clean = `${"*a".repeat(20_000)} ${Date.now()}`;
    const made = payload(await create(clean), "createAnnouncement");
    expect(made.__typename).toBe("CreateAnnouncementSuccess");
    // Each text once in the worker: its check and its rendering (the search text reuses it).
    expect(offloadedRenders()).toBe(before + 2);
  });
});
