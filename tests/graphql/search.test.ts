import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSynthetic } from "../../seeds/synthetic.js";
import { createAnnouncements } from "../../src/content/announcement/writes.js";
import { testApp } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

type Hits = {
  totalCount: number;
  edges: {
    cursor: string;
    node: { snippet: string; rank: number; node: { __typename: string; title: string } };
  }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

describe.each(backends())("search on %s", (backend) => {
  let tdb: TestDatabase;
  let gql: ReturnType<typeof testApp>["gql"];
  const search = async (query: string, extra = "") => {
    const r = await gql<{ search: Hits }>(
      `query($q: String!) { search(query: $q${extra}) { totalCount edges { cursor node { snippet rank node { __typename title } } } pageInfo { hasNextPage endCursor } } }`,
      { q: query },
    );
    expect(r.errors, query).toBeUndefined();
    return r.data?.search as Hits;
  };
  const titles = (h: Hits) => h.edges.map((e) => e.node.node.title);

  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    await seedSynthetic(tdb.database.db, { count: 40, seed: 5 });
    gql = testApp(tdb).gql;
  });
  afterAll(() => tdb.drop());

  it('finds "mascot" in the poll, title match ranked first, with a highlighted snippet', async () => {
    const h = await search("mascot");
    expect(titles(h)).toEqual(["Mascot Contest – Vote for your favorite"]);
    expect(h.edges[0]?.node.snippet).toContain("<b>Mascot</b> Contest");
    expect(h.edges[0]?.node.node.__typename).toBe("Poll");
  });

  it("shows the matching text of the body, never the title in front of it", async () => {
    // The poll's body opens with its question, which ends its title: highlighting title and
    // body as one text read "Mascot Contest – Vote for your favorite Vote for your favorite …".
    const h = await search("favorite");
    expect(titles(h)).toEqual(["Mascot Contest – Vote for your favorite"]);
    expect(h.edges[0]?.node.snippet).toBe(
      "Vote for your <b>favorite</b> Xen Community: Welcome to the final voting in the Mascot Contest. The three final ideas: Bonsai Tree, Panda, and Zen Penguin have all been converted",
    );
  });

  it("shows the title once, its matches marked, when only the title matches", async () => {
    const h = await search("announces");
    expect(
      h.edges
        .map((e): [string, string] => [e.node.node.title, e.node.snippet])
        .sort(([a], [b]) => a.localeCompare(b)),
    ).toEqual([
      [
        "Mascot Contest – Vote for your favorite",
        "final Mascot. I plan to leave voting open until April 28, 2010 and will <b>announce</b> the winner at Xen Summit North America at AMD on April 29th. Thanks to Brian",
      ],
      [
        "Xen Summit North America at AMD – Agenda Announced",
        "Xen Summit North America at AMD – Agenda <b>Announced</b>",
      ],
      [
        "Xen.org Announces Xen 4.0 Availability",
        "CAMBRIDGE, UK, 4/13/2010 Xen.org, the home of the open source Xen® hypervisor, today <b>announced</b> the availability of Xen 4.0, the most advanced open source hypervisor software available. The release",
      ],
    ]);
  });

  it('finds "Opera" in the issue\'s stats and "Ian Pratt" in the press release quote', async () => {
    const opera = await search("Opera");
    expect(titles(opera)).toEqual(["Weekly Newsletter Vol 10 No 15"]);
    expect(opera.edges[0]?.node.snippet).toContain("4.26% users ran <b>Opera</b>");
    const ian = await search("Ian Pratt");
    expect(titles(ian)).toEqual(["Xen.org Announces Xen 4.0 Availability"]);
    expect(ian.edges[0]?.node.snippet).toContain("<b>Ian</b> <b>Pratt</b>");
  });

  it("ranks a title match above a body match", async () => {
    const h = await search("feature list");
    expect(titles(h)[0]).toBe("Xen 4.0 Feature List");
  });

  it("supports quoted phrases, exclusion, or, and prefix-as-you-type", async () => {
    expect(titles(await search('"three final ideas"'))).toEqual([
      "Mascot Contest – Vote for your favorite",
    ]);
    expect(titles(await search('"final three ideas"'))).toEqual([]);
    expect(titles(await search("masc"))).toEqual(["Mascot Contest – Vote for your favorite"]);
    expect(titles(await search("xen 4.0 -feature")).includes("Xen 4.0 Feature List")).toBe(false);
    expect(titles(await search("opera or pratt")).sort()).toEqual([
      "Weekly Newsletter Vol 10 No 15",
      "Xen.org Announces Xen 4.0 Availability",
    ]);
  });

  it("filters by type and pages by cursor with no duplicates", async () => {
    const issuesOnly = await search("synthetic", ", types: [ISSUE], first: 100");
    expect(issuesOnly.totalCount).toBe(40);
    expect(issuesOnly.edges.every((e) => e.node.node.__typename === "Issue")).toBe(true);

    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const r = await gql<{ search: Hits }>(
        'query($after: String) { search(query: "synthetic", first: 7, after: $after) { totalCount edges { node { rank node { title } } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      const h = r.data?.search as Hits;
      total = h.totalCount;
      seen.push(...h.edges.map((e) => e.node.node.title));
      const ranks = h.edges.map((e) => e.node.rank);
      expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
      if (!h.pageInfo.hasNextPage) break;
      after = h.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it("escapes everything in a snippet but its <b> around the matches", async () => {
    await createAnnouncements(tdb.database.db, [
      {
        slug: "markup-in-titles",
        title: `AT&T's "kettle" 1 < 2 > 0 <b>bold</b> <img src=x onerror=alert(1)> & <unclosed`,
        kind: "news",
        status: "published",
        publishedAt: new Date("2010-04-20T10:00:00Z"),
        bodyMd: 'A kettle, 3 < 4 & 5 > 4, said "O\'Brien".',
      },
    ]);
    const h = await search("kettle");
    expect(h.totalCount).toBe(1);
    expect(h.edges).toHaveLength(1);
    expect(h.edges[0]?.node.snippet).toBe(
      "<b>kettle</b>, 3 &lt; 4 &amp; 5 &gt; 4, said &quot;O&#39;Brien",
    );
    // Only the title holds "unclosed": the snippet is the whole title, every character text.
    const title = await search("unclosed");
    expect(title.edges[0]?.node.snippet).toBe(
      "AT&amp;T&#39;s &quot;kettle&quot; 1 &lt; 2 &gt; 0 &lt;b&gt;bold&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt; &amp; &lt;<b>unclosed</b>",
    );
  });

  it("escapes the snippet (stored text never becomes markup) and treats operators as text", async () => {
    for (const q of [
      "<script>alert(1)</script>",
      "'; drop table content; --",
      "a & b | c ! d :* (",
      '"unbalanced',
    ]) {
      const h = await search(q);
      for (const e of h.edges) expect(e.node.snippet).not.toMatch(/<(?!\/?b>)/);
    }
    const r = await gql<{ timeline: { totalCount: number } }>("{ timeline { totalCount } }");
    expect(r.data?.timeline.totalCount).toBeGreaterThan(0);
  });

  it("rejects an empty or oversized query with BAD_USER_INPUT", async () => {
    for (const q of ["", "   ", "x".repeat(201)]) {
      const r = await gql("query($q: String!) { search(query: $q) { totalCount } }", { q });
      expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
  });
});
