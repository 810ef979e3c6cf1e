/** renderMarkdown: the /admin editor's live preview, rendered as readers get it (editors only). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

const RENDER = `query($md: String!) { renderMarkdown(markdown: $md) { html text problemCode problem } }`;

describe("renderMarkdown", () => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;
  beforeAll(async () => {
    tdb = await createTestDatabase("pglite");
    app = testApp(tdb);
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
  });
  afterAll(() => tdb.drop());

  it("renders and sanitizes as readers get it, and says what a save would refuse", async () => {
    const ok = await app.gql(RENDER, { md: "Xen 4.0 is **out**: <https://xen.org>" }, editor);
    expect(ok.data?.renderMarkdown).toEqual({
      html: '<p>Xen 4.0 is <strong>out</strong>: <a href="https://xen.org" rel="nofollow noopener">https://xen.org</a></p>',
      text: "Xen 4.0 is out: https://xen.org",
      problemCode: null,
      problem: null,
    });
    const bad = await app.gql<{ renderMarkdown: { html: string; problemCode: string } }>(
      RENDER,
      { md: "hi <script>alert(1)</script>" },
      editor,
    );
    expect(bad.data?.renderMarkdown.problemCode).toBe("UNSAFE_MARKUP");
    expect(bad.data?.renderMarkdown.html).not.toContain("<script");
  });

  it("is for editors only", async () => {
    const anonymous = await app.gql(RENDER, { md: "x" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});
