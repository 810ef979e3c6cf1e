import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSynthetic } from "../../seeds/synthetic.js";
import { TestClock, testApp } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { FRONT_PAGE } from "../helpers/front-page.js";

const WEEKS = 150;
type Page = {
  totalCount: number;
  edges: { cursor: string; node: { id: string; publishedAt: string } }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
};

describe.each(backends())("connections over a synthetic archive on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    await seedSynthetic(tdb.database.db, { count: WEEKS, seed: 11 });
    // Synthetic weeks end on 2026-11-02; read the archive as of a fixed day after that.
    app = testApp(tdb, { clock: new TestClock(new Date("2026-11-20T00:00:00Z")) });
  });
  afterAll(() => tdb.drop());

  const timelinePage = async (args: string) => {
    const r = await app.gql<{ timeline: Page }>(
      `{ timeline(${args}) { totalCount edges { cursor node { id publishedAt } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
    );
    expect(r.errors).toBeUndefined();
    return r.data?.timeline as Page;
  };

  it("walks the whole timeline forwards and backwards with no duplicate and no gap", async () => {
    const total = WEEKS + WEEKS / 2 + Math.ceil(WEEKS / 4) + WEEKS + 5; // issues, events, polls, announcements, seed
    const forward: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: Page = await timelinePage(`first: 37${after ? `, after: "${after}"` : ""}`);
      expect(page.totalCount).toBe(total);
      forward.push(...page.edges.map((e) => e.node.id));
      pages++;
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(total / 37));
    expect(forward).toHaveLength(total);
    expect(new Set(forward).size).toBe(total);

    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page: Page = await timelinePage(`last: 41${before ? `, before: "${before}"` : ""}`);
      backward.unshift(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backward).toEqual(forward);
  });

  it("orders newest first, and a page's cursors resume exactly where it ended", async () => {
    const first = await timelinePage("first: 10");
    const dates = first.edges.map((e) => e.node.publishedAt);
    expect([...dates].sort().reverse()).toEqual(dates);
    const next = await timelinePage(`first: 5, after: "${first.edges[4]?.cursor}"`);
    expect(next.edges.map((e) => e.node.id)).toEqual(
      first.edges.slice(5, 10).map((e) => e.node.id),
    );
    const prev = await timelinePage(`last: 3, before: "${first.edges[5]?.cursor}"`);
    expect(prev.edges.map((e) => e.node.id)).toEqual(first.edges.slice(2, 5).map((e) => e.node.id));
  });

  it("pages every typed list the same way", async () => {
    for (const field of ["issues", "announcements", "events", "polls"]) {
      const seen = new Set<string>();
      let after: string | null = null;
      let total = 0;
      for (;;) {
        const r = await app.gql<Record<string, Page>>(
          `query($after: String) { ${field}(first: 100, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
        const page = r.data?.[field] as Page;
        total = page.totalCount;
        for (const e of page.edges) seen.add(e.node.id);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen.size, field).toBe(total);
    }
  });

  it("rejects malformed and foreign cursors and out-of-range page sizes with clear codes", async () => {
    const cases: [string, string, string][] = [
      [
        'timeline(first: 5, after: "not-a-cursor")',
        "BAD_CURSOR",
        'Invalid cursor in "after": use a cursor this connection returned.',
      ],
      [
        'timeline(last: 5, before: "eyJ4Ijox")',
        "BAD_CURSOR",
        'Invalid cursor in "before": use a cursor this connection returned.',
      ],
      [
        "timeline(first: 101)",
        "PAGE_SIZE_OUT_OF_RANGE",
        '"first" must be between 0 and 100, got 101.',
      ],
      ["timeline(last: -1)", "PAGE_SIZE_OUT_OF_RANGE", '"last" must be between 0 and 100, got -1.'],
      ["timeline(first: 1, last: 1)", "BAD_USER_INPUT", 'Pass "first" or "last", not both.'],
    ];
    for (const [call, code, message] of cases) {
      const r = await app.gql(`{ ${call} { edges { cursor } } }`);
      expect(r.errors?.[0]?.extensions?.code, call).toBe(code);
      expect(r.errors?.[0]?.message, call).toBe(message);
    }
    // A search cursor is not a timeline cursor.
    const s = await app.gql<{ search: { edges: { cursor: string }[] } }>(
      '{ search(query: "synthetic", first: 1) { edges { cursor } } }',
    );
    const foreign = s.data?.search.edges[0]?.cursor;
    const r = await app.gql(`{ timeline(first: 1, after: "${foreign}") { totalCount } }`);
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_CURSOR");
  });

  it("filters by month, date range, tag, upcoming/past events and poll status", async () => {
    const q = async (query: string) => {
      const r =
        await app.gql<
          Record<string, { totalCount: number; edges: { node: Record<string, unknown> }[] }>
        >(query);
      expect(r.errors, query).toBeUndefined();
      return r.data as Record<
        string,
        { totalCount: number; edges: { node: Record<string, unknown> }[] }
      >;
    };
    const april = await q(
      '{ timeline(filter: { month: "2010-04" }) { totalCount } issues(filter: { month: "2010-04" }) { totalCount } }',
    );
    expect(april.timeline?.totalCount).toBe(5);
    expect(april.issues?.totalCount).toBe(1);

    const range = await q(
      '{ timeline(filter: { publishedAfter: "2010-04-13T09:00:00Z", publishedBefore: "2010-04-13T11:00:00Z" }) { totalCount edges { node { ... on Content { title } } } } }',
    );
    expect(range.timeline?.edges.map((e) => e.node.title)).toEqual([
      "Xen.org Announces Xen 4.0 Availability",
      "Mascot Contest – Vote for your favorite",
    ]);

    const tagged = await q(
      '{ timeline(filter: { tag: "xen-4-0" }) { totalCount } announcements(filter: { tag: "xen-4-0" }) { totalCount } }',
    );
    expect(tagged.timeline?.totalCount).toBe(2);
    expect(tagged.announcements?.totalCount).toBe(2);

    const events = await q(
      "{ up: events(filter: { upcoming: true }) { totalCount edges { node { endsAt } } } past: events(filter: { upcoming: false }) { totalCount } all: events { totalCount } }",
    );
    expect((events.up?.totalCount ?? 0) + (events.past?.totalCount ?? 0)).toBe(
      events.all?.totalCount,
    );
    expect(events.up?.totalCount).toBeGreaterThan(0);
    for (const e of events.up?.edges ?? [])
      expect(String(e.node.endsAt) >= "2026-11-20").toBe(true);

    const polls = await q(
      "{ open: polls(filter: { status: OPEN }) { totalCount edges { node { status } } } closed: polls(filter: { status: CLOSED }) { totalCount } all: polls { totalCount } }",
    );
    expect((polls.open?.totalCount ?? 0) + (polls.closed?.totalCount ?? 0)).toBe(
      polls.all?.totalCount,
    );
    expect(polls.open?.edges.every((e) => e.node.status === "OPEN")).toBe(true);

    const bad = await app.gql('{ timeline(filter: { month: "2010-13" }) { totalCount } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0]?.message).toBe(
      '"filter.month" must be a month "YYYY-MM", got "2010-13".',
    );
  });

  it("runs the front page query in a fixed number of SQL statements, whatever the page sizes", async () => {
    const run = async (variables: Record<string, number>) => {
      tdb.sql.reset();
      const r = await app.gql<Record<string, { edges: unknown[] }>>(FRONT_PAGE, variables);
      expect(r.errors).toBeUndefined();
      return { statements: tdb.sql.count, data: r.data as Record<string, { edges: unknown[] }> };
    };
    const small = await run({ issues: 1, announcements: 1, events: 1, polls: 1, sessions: 1 });
    const large = await run({ issues: 10, announcements: 5, events: 5, polls: 3, sessions: 30 });
    const huge = await run({ issues: 25, announcements: 25, events: 10, polls: 10, sessions: 30 });
    expect(large.data.issues?.edges).toHaveLength(10);
    expect(large.data.events?.edges).toHaveLength(5);
    expect(large.data.polls?.edges).toHaveLength(3);
    expect(huge.data.issues?.edges).toHaveLength(25);
    // One per root list: its page, records and every nested part in one statement
    // (tests/graphql/nested-reads.test.ts checks the answers against level-by-level reads).
    expect(small.statements).toBe(4);
    expect(large.statements).toBe(4);
    expect(huge.statements).toBe(4);
  });
});
