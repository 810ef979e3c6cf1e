import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { FRONT_PAGE } from "../helpers/front-page.js";

describe("query limits", () => {
  let tdb: TestDatabase;
  let gql: ReturnType<typeof testApp>["gql"];
  beforeAll(async () => {
    tdb = await createTestDatabase("pglite", { seed: true });
    gql = testApp(tdb).gql;
  });
  afterAll(() => tdb.drop());

  const rejected = async (query: string, kind: string, limit: number) => {
    tdb.sql.reset();
    const r = await gql(query);
    expect(r.status, kind).toBe(400);
    expect(r.data, kind).toBeUndefined();
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", kind, limit });
    expect(r.errors?.[0]?.message).toMatch(
      new RegExp(`^Query ${kind} (\\d+ )?exceeds the limit of ${limit}\\.$`),
    );
    // Rejected before any resolver runs: not one statement.
    expect(tdb.sql.count, kind).toBe(0);
  };

  it("lets the front page query through", async () => {
    const r = await gql(FRONT_PAGE);
    expect(r.errors).toBeUndefined();
  });

  it("rejects too deep a query", async () => {
    const deep = `{ person(slug: "ian-pratt") { appearsIn(first: 1) { edges { node { ... on Issue { sections { items { related { ... on Issue { sections { items { related { ... on Issue { sections { items { related { title } } } } } } } } } } } } } } } } }`;
    tdb.sql.reset();
    await rejected(deep, "depth", 12);
    expect(tdb.sql.count).toBe(0);
  });

  it("rejects too costly a query (page sizes multiply)", async () => {
    tdb.sql.reset();
    await rejected(
      "{ timeline(first: 100) { edges { node { ... on Issue { sections { items { people { appearsIn(first: 100) { totalCount } } } } } } } } }",
      "complexity",
      20_000,
    );
    expect(tdb.sql.count).toBe(0);
  });

  it("measures the cost of one document for each set of variables", async () => {
    // The measure is remembered per document and variables: the same text is cheap with
    // small pages, refused with large ones, and cheap again.
    const query = `query($outer: Int!, $inner: Int!) { timeline(first: $outer) { edges { node { ... on Issue { sections { items { people { appearsIn(first: $inner) { totalCount } } } } } } } } }`;
    const cheap = { outer: 1, inner: 1 };
    expect((await gql(query, cheap)).errors).toBeUndefined();
    tdb.sql.reset();
    const costly = await gql(query, { outer: 100, inner: 100 });
    expect(costly.status).toBe(400);
    expect(costly.errors?.[0]?.extensions).toMatchObject({
      code: "QUERY_TOO_COMPLEX",
      kind: "complexity",
      limit: 20_000,
    });
    expect(tdb.sql.count).toBe(0);
    expect((await gql(query, cheap)).errors).toBeUndefined();
    expect((await gql(query, { outer: 100, inner: 100 })).status).toBe(400);
  });

  it("rejects too many aliases, directives and tokens", async () => {
    await rejected(
      `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: archive { month }`).join(" ")} }`,
      "aliases",
      30,
    );
    await rejected(
      `{ archive { month ${Array.from({ length: 21 }, () => "@skip(if: false)").join(" ")} } }`,
      "directives",
      20,
    );
    await rejected(`{ ${"__typename ".repeat(2100)} }`, "tokens", 2000);
  });

  it("rejects too broad a query", async () => {
    const fields = Array.from(
      { length: 40 },
      () => "title slug url publishedAt updatedAt tags { slug name }",
    ).join(" ");
    await rejected(
      `{ timeline(first: 1) { edges { node { ... on Content { ${fields} } ... on Issue { ${fields} } } } } }`,
      "breadth",
      300,
    );
  });
});
