import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRIVATE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL } from "../../src/http/cache-headers.js";
import { TestClock, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, type MutationPayload, payload } from "../helpers/editorial.js";

const NEWS = "{ announcements(first: 10) { totalCount edges { node { title } } } }";
const get = (query: string) => `/graphql?query=${encodeURIComponent(query)}`;

describe.each(backends())("HTTP caching of GraphQL answers on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;
  const clock = new TestClock(new Date("2026-12-01T09:00:00Z"));
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb, { clock });
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
  });
  afterAll(() => tdb.drop());

  const ask = (query: string, headers: Record<string, string> = {}) =>
    app.fetch(get(query), { headers: { accept: "application/json", ...headers } });

  it("a public GET is shareable for a minute, with a strong ETag, Vary on who asks, and 304 on If-None-Match", async () => {
    const first = await ask(NEWS);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe(PUBLIC_CACHE_CONTROL);
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(
      first.headers
        .get("vary")
        ?.split(",")
        .map((v) => v.trim()),
    ).toEqual(
      expect.arrayContaining(["accept", "authorization", "x-preview-token", "x-voter-key"]),
    );
    const body = await first.text();
    // The second answer is the response cache's hit: the same bytes, the same validator.
    const again = await ask(NEWS);
    expect(again.headers.get("x-cache")).toBe("HIT");
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe(body);
    const revalidated = await ask(NEWS, { "if-none-match": etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("etag")).toBe(etag);
    expect(revalidated.headers.get("cache-control")).toBe(PUBLIC_CACHE_CONTROL);
    expect(await revalidated.text()).toBe("");
    expect((await ask(NEWS, { "if-none-match": '"something-else"' })).status).toBe(200);
  });

  it("answers shaped by a token, a preview or a voter key are private, no-store", async () => {
    for (const headers of [
      editor,
      { "x-voter-key": "reader-000000000001" },
      { authorization: "Bearer nca_nonsense_token_value_abcdefghij" },
    ]) {
      const r = await ask(NEWS, headers);
      if (r.status === 200) expect(r.headers.get("cache-control")).toBe(PRIVATE_CACHE_CONTROL);
      else expect(r.headers.get("cache-control")).toBe("no-store");
      expect(r.headers.get("etag")).toBeNull();
    }
  });

  it("errors, POST answers and writes are not kept anywhere", async () => {
    const bad = await ask("{ nope }");
    expect(((await bad.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    expect(bad.headers.get("cache-control")).toBe("no-store");
    const posted = await app.fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: NEWS }),
    });
    expect(posted.status).toBe(200);
    expect(posted.headers.get("cache-control")).toBe("no-store");
    expect(posted.headers.get("etag")).toBeNull();
  });

  it("a publish changes the validator; an embargo's due time never shows in the lifetime", async () => {
    const before = (await ask(NEWS)).headers.get("etag") as string;
    const create = async (title: string) => {
      const r = await app.gql<Record<string, MutationPayload>>(
        `mutation { createAnnouncement(input: { title: "${title}", kind: NEWS }) { ${ERRORS} ... on CreateAnnouncementSuccess { announcement { id } } } }`,
        {},
        editor,
      );
      return (payload(r, "createAnnouncement").announcement as { id: string }).id;
    };
    const embargoed = await create("Embargoed news");
    const due = new Date(clock.now().getTime() + 200_000).toISOString();
    payload(
      await app.gql(
        `mutation($id: ID!, $at: DateTime!) { scheduleContent(id: $id, at: $at) { ${ERRORS} } }`,
        { id: embargoed, at: due },
        editor,
      ),
      "scheduleContent",
    );
    const scheduled = await ask(NEWS, { "if-none-match": before });
    // Nothing readers see changed, and the lifetime is the same minute as ever.
    expect(scheduled.status).toBe(304);
    expect(scheduled.headers.get("cache-control")).toBe(PUBLIC_CACHE_CONTROL);
    const published = await create("Published news");
    payload(
      await app.gql(
        `mutation($id: ID!) { publishContent(id: $id) { ${ERRORS} } }`,
        { id: published },
        editor,
      ),
      "publishContent",
    );
    const after = await ask(NEWS, { "if-none-match": before });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(before);
    expect(await after.text()).toContain("Published news");
  });
});
