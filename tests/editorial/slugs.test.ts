import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, payload } from "../helpers/editorial.js";

const CREATE = `mutation($input: AnnouncementInput!) { createAnnouncement(input: $input) { ${ERRORS}
  ... on CreateAnnouncementSuccess { announcement { id slug } } } }`;

/** Slugs the server derives never fail the editor: not under concurrency, not at the limit. */
describe.each(backends())("derived slugs on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb);
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
  });
  afterAll(() => tdb.drop());

  const create = async (input: Record<string, unknown>) =>
    payload(
      await app.gql(CREATE, { input: { kind: "NEWS", ...input } }, editor),
      "createAnnouncement",
    );

  it("8 concurrent creates of one title, no slug given: all succeed, with 8 different slugs", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => create({ title: "Concurrent title" })),
    );
    expect(results.map((r) => r.__typename)).toEqual(Array(8).fill("CreateAnnouncementSuccess"));
    const slugs = results.map((r) => (r.announcement as { slug: string }).slug).sort();
    expect(slugs).toEqual([
      "concurrent-title",
      "concurrent-title-2",
      "concurrent-title-3",
      "concurrent-title-4",
      "concurrent-title-5",
      "concurrent-title-6",
      "concurrent-title-7",
      "concurrent-title-8",
    ]);
  });

  it("a slug the editor gave that is taken is still their DUPLICATE", async () => {
    const taken = await create({ title: "Mine", slug: "concurrent-title" });
    expect(taken.__typename).toBe("ValidationError");
    expect(taken.fieldErrors).toEqual([
      {
        path: ["input", "slug"],
        code: "DUPLICATE",
        message: "is already used by another entry of this type",
      },
    ]);
  });

  it("a live entry with a 200-character slug can take a pending edit", async () => {
    const slug = `${"a".repeat(99)}-${"b".repeat(100)}`;
    expect(slug).toHaveLength(200);
    const created = await create({ title: "Long slug", slug });
    const id = (created.announcement as { id: string }).id;
    const published = await app.gql<{ publishContent: { __typename: string } }>(
      `mutation($id: ID!) { publishContent(id: $id) { __typename } }`,
      { id },
      editor,
    );
    expect(published.data?.publishContent.__typename).toBe("PublishContentSuccess");
    const edit = payload(
      await app.gql(
        `mutation($id: ID!) { updateAnnouncement(id: $id, asRevision: true, patch: { title: "Long slug, edited" }) { ${ERRORS} ... on UpdateAnnouncementSuccess { announcement { slug title } } } }`,
        { id },
        editor,
      ),
      "updateAnnouncement",
    );
    expect(edit.__typename).toBe("UpdateAnnouncementSuccess");
    const revision = edit.announcement as { slug: string; title: string };
    expect(revision.title).toBe("Long slug, edited");
    expect(revision.slug).toBe(`${"a".repeat(99)}-${"b".repeat(85)}-revision`);
    expect(revision.slug.length).toBeLessThanOrEqual(200);
  });
});
