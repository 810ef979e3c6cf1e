/**
 * Bounded cost per request (issue 13, items 1–4 and 7): pathological Markdown, long search
 * tokens, snippets only when selected, searches priced by their cost across a whole batch,
 * and control characters that arrive as character references.
 */

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../src/db/client.js";
import { testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, payload } from "../helpers/editorial.js";

const CREATE = `mutation($input: AnnouncementInput!) {
  createAnnouncement(input: $input) { ${ERRORS} ... on CreateAnnouncementSuccess { announcement { id } } }
}`;
const PUBLISH = `mutation($id: ID!) { publishContent(id: $id) { ${ERRORS} } }`;

describe.each(backends())("cost bounds on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;

  const publish = async (slug: string, body: string) => {
    const input = { kind: "NEWS", title: `Test ${slug}`, slug, summary: "s", body };
    const created = payload(await app.gql(CREATE, { input }, editor), "createAnnouncement");
    expect(created.__typename, JSON.stringify(created)).toBe("CreateAnnouncementSuccess");
    const id = (created.announcement as { id: string }).id;
    const published = payload(await app.gql(PUBLISH, { id }, editor), "publishContent");
    expect(published.__typename).toBe("PublishContentSuccess");
  };
  const fieldErrors = async (body: string) => {
    const input = { kind: "NEWS", title: "Bad", summary: "s", body };
    return payload(await app.gql(CREATE, { input }, editor), "createAnnouncement").fieldErrors;
  };

  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb);
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
  });
  afterAll(() => tdb.drop());

  it("stores and searches a 98 KB body of `_a` (quadratic in marked and to_tsvector before)", async () => {
    await publish("underscores", `zebracorn ${"_a".repeat(49_000)}`);
    const r = await app.gql<{
      search: { totalCount: number; edges: { node: { snippet: string } }[] };
    }>(`{ search(query: "zebracorn") { totalCount edges { node { snippet } } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data?.search.totalCount).toBe(1);
    expect(r.data?.search.edges[0]?.node.snippet).toMatch(/^<b>zebracorn<\/b>/);
    const [row] = rowsOf<{ longest: number }>(
      await tdb.database.db.execute(
        sql`select max(length(w))::int as longest from content, regexp_split_to_table(search_text, '\\s+') w where slug = 'underscores'`,
      ),
    );
    expect(row?.longest).toBe(64);
  });

  it("refuses 5,000 nested quotes with NESTING_TOO_DEEP (marked overflowed its stack)", async () => {
    expect(await fieldErrors(">".repeat(5_000))).toEqual([
      {
        path: ["input", "body"],
        code: "NESTING_TOO_DEEP",
        message: "nests too many levels deep (quotes, lists or emphasis; at most 32)",
      },
    ]);
    expect(await fieldErrors(`${"> ".repeat(40)}deep`)).toEqual([
      {
        path: ["input", "body"],
        code: "NESTING_TOO_DEEP",
        message: "nests 40 levels deep (quotes, lists or emphasis; at most 32)",
      },
    ]);
  });

  it("reads no snippet for a search that selects none, and one statement for a page's snippets", async () => {
    tdb.sql.reset();
    await app.gql(`{ search(query: "Xen") { totalCount } }`);
    expect(tdb.sql.statements.filter((s) => s.includes("ts_headline"))).toEqual([]);
    tdb.sql.reset();
    const r = await app.gql<{ search: { edges: unknown[] } }>(
      `{ search(query: "Xen", first: 5) { edges { node { snippet } } } }`,
    );
    expect(r.data?.search.edges).toHaveLength(5);
    expect(tdb.sql.statements.filter((s) => s.includes("ts_headline"))).toHaveLength(1);
  });

  it("keeps control characters that arrive as character references out of html, text and snippets", async () => {
    await publish(
      "controls",
      "Quokka &#1;one&#2; &#x1b;[31m <sup>&#11;two</sup> quokka\n\n<p>&#1;block</p>",
    );
    const r = await app.gql<{
      announcement: { body: { html: string; text: string } };
      search: { edges: { node: { snippet: string } }[] };
    }>(
      `{ announcement(slug: "controls") { body { html text } } search(query: "quokka") { edges { node { snippet } } } }`,
    );
    const { html, text } = r.data?.announcement.body ?? { html: "", text: "" };
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the point
    const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
    expect(html).not.toMatch(controls);
    expect(text).not.toMatch(controls);
    expect(text).toBe("Quokka \uFFFDone\uFFFD \uFFFD[31m \uFFFDtwo quokka\nblock");
    const snippet = r.data?.search.edges[0]?.node.snippet ?? "";
    expect(snippet.split("<b>").length).toBe(snippet.split("</b>").length);
    expect(snippet).toMatch(/^<b>Quokka<\/b> .*<b>quokka<\/b> block$/);
  });

  it("prices a search by its cost and holds a batch to one request's budget", async () => {
    const thirty = (op: number) =>
      Array.from(
        { length: 30 },
        (_, i) => `s${i}: search(query: "x${op}y${i}") { totalCount }`,
      ).join(" ");
    const one = await app.gql(`{ ${thirty(0)} }`);
    expect(one.errors).toBeUndefined();
    const response = await app.fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify(
        Array.from({ length: 5 }, (_, op) => ({ query: `{ ${thirty(op + 1)} }` })),
      ),
    });
    // A batch answers each operation apart (200): the first runs, the rest would overspend.
    expect(response.status).toBe(200);
    const answers = (await response.json()) as {
      errors?: { message: string; extensions: { code: string } }[];
    }[];
    expect(answers[0]?.errors).toBeUndefined();
    for (const answer of answers.slice(1)) {
      expect(answer.errors?.[0]?.extensions.code).toBe("QUERY_TOO_COMPLEX");
      expect(answer.errors?.[0]?.message).toBe(
        "The batch's operations together cost 36000, over the limit of 20000 for one request.",
      );
    }
  });
});
