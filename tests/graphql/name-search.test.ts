/**
 * `people(search:)` and `tags(search:)`: what the /admin pickers ask while an editor types. A
 * name or slug with a word starting with the text, case-insensitive, in slug order with the
 * lists' own cursors and counts; LIKE wildcards are literal; readers still never learn of a tag
 * only drafts carry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, payload } from "../helpers/editorial.js";

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { slug: string; name: string } }[];
}

describe.each(backends())("people and tags searched by name on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb, { clock: new TestClock(new Date("2026-11-20T10:00:00Z")) });
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
    for (const name of ["Jean-Pierre Ulysse", "Zoë 100% Real", "Ian_Underscore"]) {
      const made = payload(
        await app.gql(
          `mutation($name: String!) { createPerson(input: { name: $name }) { ${ERRORS} } }`,
          { name },
          editor,
        ),
        "createPerson",
      );
      expect(made.__typename).toBe("CreatePersonSuccess");
    }
  });
  afterAll(() => tdb.drop());

  const list = async (
    field: "people" | "tags",
    search: string | null,
    extra: { first?: number; after?: string | null } = {},
    headers: Record<string, string> = {},
  ) => {
    const r = await app.gql<Record<string, Page>>(
      `query($search: String, $first: Int, $after: String) { ${field}(search: $search, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { slug name } } } }`,
      { search, first: extra.first ?? 50, after: extra.after ?? null },
      headers,
    );
    expect(r.errors).toBeUndefined();
    return r.data?.[field] as Page;
  };
  const slugs = (p: Page) => p.edges.map((e) => e.node.slug);

  it("finds people by the start of any word of the name or slug, case-insensitive", async () => {
    expect(slugs(await list("people", "pratt"))).toEqual(["ian-pratt"]);
    expect(slugs(await list("people", "IAN P"))).toEqual(["ian-pratt"]);
    expect(slugs(await list("people", "ian"))).toEqual(["ian-pratt", "ian-underscore"]);
    // Inside a word is not a match ("rian" is in Brian), the start of a hyphenated part is.
    expect(slugs(await list("people", "rian"))).toEqual([]);
    expect(slugs(await list("people", "pierre"))).toEqual(["jean-pierre-ulysse"]);
    // Accents: the slug is transliterated.
    expect(slugs(await list("people", "zoe"))).toEqual(["zoe-100-real"]);
    const mc = await list("people", "mcw");
    expect(mc).toEqual({
      totalCount: 1,
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
      edges: [{ node: { slug: "grant-mcwilliams", name: "Grant McWilliams" } }],
    });
  });

  it("takes LIKE wildcards literally", async () => {
    expect(slugs(await list("people", "100%"))).toEqual(["zoe-100-real"]);
    expect(slugs(await list("people", "%"))).toEqual([]);
    expect(slugs(await list("people", "_"))).toEqual([]);
  });

  it("pages a search with the list's cursors and counts; empty searches everything", async () => {
    const first = await list("people", "i", { first: 1 });
    expect(first.totalCount).toBe(2);
    expect(slugs(first)).toEqual(["ian-pratt"]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = await list("people", "i", { first: 1, after: first.pageInfo.endCursor });
    expect(slugs(next)).toEqual(["ian-underscore"]);
    expect(next.pageInfo.hasNextPage).toBe(false);
    const all = await list("people", null);
    expect(all.totalCount).toBe(9);
    expect(await list("people", "  ")).toEqual(all);
  });

  it("searches tags the same way, and a reader still never finds a tag only drafts carry", async () => {
    expect(slugs(await list("tags", "summit"))).toEqual(["xen-summit"]);
    expect(slugs(await list("tags", "xen"))).toEqual(["xen-4-0", "xen-summit"]);
    expect(slugs(await list("tags", "xen 4"))).toEqual(["xen-4-0"]);
    const tag = payload(
      await app.gql(
        `mutation { createTag(input: { name: "Xen Codename" }) { ${ERRORS} } }`,
        undefined,
        editor,
      ),
      "createTag",
    );
    expect(tag.__typename).toBe("CreateTagSuccess");
    const draft = payload(
      await app.gql(
        `mutation { createAnnouncement(input: { title: "Secret", kind: NEWS, tags: ["xen-codename"] }) { ${ERRORS} } }`,
        undefined,
        editor,
      ),
      "createAnnouncement",
    );
    expect(draft.__typename).toBe("CreateAnnouncementSuccess");
    expect(slugs(await list("tags", "code", {}, editor))).toEqual(["xen-codename"]);
    expect(await list("tags", "code")).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, endCursor: null },
      edges: [],
    });
  });
});
