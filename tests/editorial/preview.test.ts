import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC, SITE, TestClock, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, payload } from "../helpers/editorial.js";

describe.each(backends())("previews and pending edits on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;
  const clock = new TestClock(new Date("2026-11-20T10:00:00Z"));
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb, { clock });
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
  });
  afterAll(() => tdb.drop());

  const mint = async (id: string, ttlSeconds?: number, on = app) => {
    const r = payload(
      await on.gql(
        `mutation($id: ID!, $ttl: Int) { createPreviewToken(id: $id, ttlSeconds: $ttl) { ${ERRORS} ... on CreatePreviewTokenSuccess { preview { token expiresAt previewUrl } } } }`,
        { id, ttl: ttlSeconds },
        editor,
      ),
      "createPreviewToken",
    );
    return r.preview as { token: string; expiresAt: string; previewUrl: string | null };
  };
  const TEMPLATE =
    "https://site.example/api/preview?token={token}&path={path}&type={type}&slug={slug}&id={id}";
  const withSitePreview = () =>
    testApp(tdb, { clock, urls: { site: SITE, public: PUBLIC, preview: TEMPLATE } });

  it("a preview token shows exactly its one draft, read-only, until it expires", async () => {
    const make = async (title: string) =>
      payload(
        await app.gql(
          `mutation($t: String!) { createAnnouncement(input: { title: $t, kind: NEWS, body: "Secret **plans**" }) { ${ERRORS} ... on CreateAnnouncementSuccess { announcement { id slug } } } }`,
          { t: title },
          editor,
        ),
        "createAnnouncement",
      ).announcement as { id: string; slug: string };
    const mine = await make("Draft for preview");
    const other = await make("Another draft");
    const { token, expiresAt } = await mint(mine.id, 600);
    expect(expiresAt).toBe("2026-11-20T10:10:00.000Z");
    const headers = { "x-preview-token": token };
    const q = `query($mine: ID!, $other: ID!, $slug: String!) {
      preview { __typename ... on Announcement { title body { html } } }
      mineById: node(id: $mine) { id } otherById: node(id: $other) { id }
      bySlug: announcement(slug: $slug) { title }
      issue(volume: 10, number: 15) { title } }`;
    const seen = await app.gql<Record<string, unknown>>(
      q,
      { mine: mine.id, other: other.id, slug: mine.slug },
      headers,
    );
    expect(seen.errors).toBeUndefined();
    expect(seen.data).toEqual({
      preview: {
        __typename: "Announcement",
        title: "Draft for preview",
        body: { html: "<p>Secret <strong>plans</strong></p>" },
      },
      mineById: { id: mine.id },
      otherById: null,
      bySlug: { title: "Draft for preview" },
      issue: { title: "Weekly Newsletter Vol 10 No 15" },
    });
    // Lists and search show the page as it will be once published: with this one draft only.
    const lists = await app.gql<{
      announcements: { totalCount: number };
      search: { totalCount: number };
    }>(
      '{ announcements { totalCount } search(query: "Secret") { totalCount } }',
      undefined,
      headers,
    );
    expect(lists.data).toEqual({ announcements: { totalCount: 3 }, search: { totalCount: 1 } });
    const withoutToken = await app.gql<{ announcements: { totalCount: number } }>(
      "{ announcements { totalCount } }",
    );
    expect(withoutToken.data?.announcements.totalCount).toBe(2);
    // Read-only.
    const write = await app.gql(
      `mutation { createTag(input: { name: "Nope" }) { __typename } }`,
      undefined,
      headers,
    );
    // Refused as a missing or bad API token is: 401 before anything runs.
    expect(write.status).toBe(401);
    expect(write.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(write).not.toHaveProperty("data");
    // Without the token: nothing.
    const anonymous = await app.gql<{ preview: null; node: null }>(
      `query($id: ID!) { preview { title } node(id: $id) { id } }`,
      { id: mine.id },
    );
    expect(anonymous.data).toEqual({ preview: null, node: null });
    // Expired and forged tokens are refused.
    clock.set("2026-11-20T10:10:00Z");
    const expired = await app.gql("{ preview { title } }", undefined, headers);
    expect(expired.status).toBe(401);
    expect(expired.errors?.[0]?.message).toBe(
      "This preview token has expired; ask an editor for a new one.",
    );
    clock.set("2026-11-20T10:00:00Z");
    const forged = token.replace(
      /\.[^.]+\./,
      `.${Buffer.from(JSON.stringify({ c: 1, e: 9_999_999_999 })).toString("base64url")}.`,
    );
    expect(
      (await app.gql("{ preview { title } }", undefined, { "x-preview-token": forged })).errors?.[0]
        ?.message,
    ).toBe("Invalid preview token.");
  });

  it("previewUrl fills PREVIEW_URL in, URL-encoded, at the entry's site path; null without PREVIEW_URL", async () => {
    const draft = payload(
      await app.gql(
        `mutation { createAnnouncement(input: { title: "Preview link draft", kind: NEWS }) { ${ERRORS} ... on CreateAnnouncementSuccess { announcement { id slug url } } } }`,
        undefined,
        editor,
      ),
      "createAnnouncement",
    ).announcement as { id: string; slug: string; url: string };
    expect(draft.url).toBe(`${SITE}/announcements/preview-link-draft`);
    expect((await mint(draft.id)).previewUrl).toBeNull();

    const { token, previewUrl } = await mint(draft.id, 600, withSitePreview());
    const encoded = (v: string) => encodeURIComponent(v);
    expect(previewUrl).toBe(
      `https://site.example/api/preview?token=${encoded(token)}&path=%2Fannouncements%2Fpreview-link-draft&type=announcement&slug=preview-link-draft&id=${encoded(draft.id)}`,
    );
    // What the site reads back is exactly the token and the page's path, as `url` has it.
    const query = new URL(previewUrl as string).searchParams;
    expect(query.get("token")).toBe(token);
    expect(`${SITE}${query.get("path")}`).toBe(draft.url);
  });

  it("a pending edit's previewUrl opens the live entry's page, and names the edit's own id", async () => {
    const live = await app.gql<{ event: { id: string; url: string } }>(
      '{ event(slug: "xen-summit-north-america-at-amd-agenda-announced") { id url } }',
    );
    const { id, url } = live.data?.event ?? { id: "", url: "" };
    const pending = payload(
      await app.gql(
        `mutation($id: ID!) { updateEvent(id: $id, asRevision: true, patch: { venue: "Preview venue" }) { ${ERRORS} ... on UpdateEventSuccess { event { id slug } } } }`,
        { id },
        editor,
      ),
      "updateEvent",
    ).event as { id: string; slug: string };
    // The next test begins its own pending edit of this event: leave none behind.
    const drop = () =>
      app.gql(
        `mutation($id: ID!) { deleteContent(id: $id) { __typename } }`,
        { id: pending.id },
        editor,
      );
    try {
      expect(pending.slug).not.toBe("xen-summit-north-america-at-amd-agenda-announced");
      const { previewUrl } = await mint(pending.id, 600, withSitePreview());
      const query = new URL(previewUrl as string).searchParams;
      expect(`${SITE}${query.get("path")}`).toBe(url);
      expect(query.get("slug")).toBe("xen-summit-north-america-at-amd-agenda-announced");
      expect(query.get("type")).toBe("event");
      expect(query.get("id")).toBe(pending.id);
    } finally {
      await drop();
    }
  });

  it("a pending edit of a live entry stays private, previews, then replaces it in place when published", async () => {
    const live = await app.gql<{ announcement: { id: string; updatedAt: string } }>(
      '{ announcement(slug: "xen-org-announces-xen-4-0-availability") { id updatedAt } }',
    );
    const id = live.data?.announcement.id as string;
    const edit = payload(
      await app.gql(
        `mutation($id: ID!) { updateAnnouncement(id: $id, asRevision: true, patch: { dateline: "CAMBRIDGE, UK, April 13, 2010" }) { ${ERRORS}
          ... on UpdateAnnouncementSuccess { announcement { id dateline publicationStatus revisionOf { id } quotes { person { name } } } } } }`,
        { id },
        editor,
      ),
      "updateAnnouncement",
    );
    const revision = edit.announcement as {
      id: string;
      dateline: string;
      publicationStatus: string;
      revisionOf: { id: string };
      quotes: unknown[];
    };
    expect(revision.id).not.toBe(id);
    expect(revision).toMatchObject({
      dateline: "CAMBRIDGE, UK, April 13, 2010",
      publicationStatus: "DRAFT",
      revisionOf: { id },
    });
    expect(revision.quotes).toEqual([{ person: { name: "Ian Pratt" } }]);

    const publicNow = async () =>
      (
        await app.gql<{ announcement: { id: string; dateline: string } }>(
          '{ announcement(slug: "xen-org-announces-xen-4-0-availability") { id dateline } }',
        )
      ).data?.announcement;
    expect(await publicNow()).toEqual({ id, dateline: "CAMBRIDGE, UK, 4/13/2010" });

    const { token } = await mint(revision.id);
    const previewed = await app.gql<{ preview: { dateline: string; revisionOf: { id: string } } }>(
      "{ preview { ... on Announcement { dateline revisionOf { id } } } }",
      undefined,
      { "x-preview-token": token },
    );
    expect(previewed.data?.preview).toEqual({
      dateline: "CAMBRIDGE, UK, April 13, 2010",
      revisionOf: { id },
    });

    // A second pending edit goes into the same revision.
    await app.gql(
      `mutation($id: ID!) { updateAnnouncement(id: $id, asRevision: true, patch: { summary: "Xen 4.0 is out." }) { __typename } }`,
      { id },
      editor,
    );
    clock.set("2026-11-20T10:05:00Z");
    const applied = payload(
      await app.gql(
        `mutation($id: ID!) { publishContent(id: $id) { ${ERRORS} ... on PublishContentSuccess { content { id updatedAt ... on Announcement { dateline summary } } } } }`,
        { id: revision.id },
        editor,
      ),
      "publishContent",
    );
    expect(applied.content).toEqual({
      id,
      updatedAt: "2026-11-20T10:05:00.000Z",
      dateline: "CAMBRIDGE, UK, April 13, 2010",
      summary: "Xen 4.0 is out.",
    });
    expect(await publicNow()).toEqual({ id, dateline: "CAMBRIDGE, UK, April 13, 2010" });
    const gone = await app.gql<{ node: null }>(
      `query($id: ID!) { node(id: $id) { id } }`,
      { id: revision.id },
      editor,
    );
    expect(gone.data?.node).toBeNull();
    clock.set("2026-11-20T10:00:00Z");
  });

  it("publishing a pending edit after the live entry was edited directly is a conflict, not a silent revert", async () => {
    clock.set("2026-11-21T09:00:00Z");
    const live = await app.gql<{ event: { id: string } }>(
      '{ event(slug: "xen-summit-north-america-at-amd-agenda-announced") { id } }',
    );
    const id = live.data?.event.id as string;
    const pending = payload(
      await app.gql(
        `mutation($id: ID!) { updateEvent(id: $id, asRevision: true, patch: { venue: "Pending venue" }) { ${ERRORS} ... on UpdateEventSuccess { event { id } } } }`,
        { id },
        editor,
      ),
      "updateEvent",
    );
    const revisionId = (pending.event as { id: string }).id;
    clock.set("2026-11-21T09:10:00Z");
    const direct = payload(
      await app.gql(
        `mutation($id: ID!) { updateEvent(id: $id, patch: { title: "Directly edited title" }) { ${ERRORS} } }`,
        { id },
        editor,
      ),
      "updateEvent",
    );
    expect(direct.__typename).toBe("UpdateEventSuccess");
    clock.set("2026-11-21T09:20:00Z");
    const publish = async () =>
      payload(
        await app.gql(
          `mutation($id: ID!) { publishContent(id: $id) { ${ERRORS} } }`,
          { id: revisionId },
          editor,
        ),
        "publishContent",
      );
    expect(await publish()).toEqual({
      __typename: "ConflictError",
      message:
        "The live entry was changed at 2026-11-21T09:10:00.000Z, after this pending edit began (2026-11-21T09:00:00.000Z): publishing it would undo that change. Make the change in the pending edit too, or delete the pending edit and start again.",
      currentUpdatedAt: "2026-11-21T09:10:00.000Z",
    });
    const now = await app.gql<{ event: { title: string; venue: string } }>(
      '{ event(slug: "xen-summit-north-america-at-amd-agenda-announced") { title venue } }',
    );
    expect(now.data?.event).toEqual({ title: "Directly edited title", venue: "AMD" });
    clock.set("2026-11-20T10:00:00Z");
  });
});
