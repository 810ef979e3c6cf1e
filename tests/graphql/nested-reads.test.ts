/**
 * Root lists and entries by slug read their rows and the nested parts the request selects in
 * one statement each (JSON built by PostgreSQL), and answer exactly what the loaders answer
 * when the same entries are reached another way (`node`, which reads level by level).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSynthetic } from "../../seeds/synthetic.js";
import { TestClock, testApp } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { FRONT_PAGE } from "../helpers/front-page.js";

const ISSUE_PARTS = `id slug title volume number publishedAt publishedAtPrecision url summary
  sections { kind title items { title url body { html } people { slug name url } } }
  stats { weekStart weekEnd visitors pageViews browserShares { browser share }
    mailingLists { list posts url } superstars { slug name url } }`;
const ANNOUNCEMENT_PARTS = `id title kind dateline summary publishedAt
  highlights { title detail links { title url } } quotes { text role person { slug name } }`;
const EVENT_PARTS = `id title startsAt endsAt venue registration { url price { amount currency } }
  sessions(first: 7) { totalCount edges { cursor node { title startsAt endsAt room speakers { slug name } } }
    pageInfo { hasNextPage endCursor } }`;
const POLL_PARTS = `id title question opensAt closesAt totalVotes resultsHiddenReason
  options { label votes share } winner { label } credits { slug name }
  creditsWithRoles { role person { slug } }`;

type Edges<N> = { edges: { node: N }[] };
type WithId = { id: string };

describe.each(backends())("nested reads on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    await seedSynthetic(tdb.database.db, { count: 40, seed: 7 });
    app = testApp(tdb, { clock: new TestClock(new Date("2026-10-01T00:00:00Z")) });
  });
  afterAll(() => tdb.drop());

  const run = async <T>(query: string, variables?: Record<string, unknown>) => {
    tdb.sql.reset();
    const r = await app.gql<T>(query, variables);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return { data: r.data as T, statements: tdb.sql.count };
  };

  it("reads the front page in one statement per root list, at any page size", async () => {
    const sizes = [
      { issues: 1, announcements: 1, events: 1, polls: 1, sessions: 1 },
      { issues: 10, announcements: 5, events: 5, polls: 3, sessions: 30 },
      { issues: 25, announcements: 25, events: 10, polls: 10, sessions: 30 },
    ];
    for (const variables of sizes) {
      const { data, statements } = await run<Record<string, Edges<unknown>>>(FRONT_PAGE, variables);
      expect(data.issues?.edges).toHaveLength(variables.issues);
      expect(statements).toBe(4);
    }
  });

  it("answers every list exactly as the same entries read level by level through node", async () => {
    const lists = {
      issues: ISSUE_PARTS,
      announcements: ANNOUNCEMENT_PARTS,
      events: EVENT_PARTS,
      polls: POLL_PARTS,
    };
    for (const [field, parts] of Object.entries(lists)) {
      const listed = await run<Record<string, Edges<WithId>>>(
        `{ ${field}(first: 5) { edges { node { ${parts} } } } }`,
      );
      expect(listed.statements, `${field}: ${tdb.sql.statements.join("\n")}`).toBe(1);
      const nodes = listed.data[field]?.edges.map((e) => e.node) ?? [];
      expect(nodes).toHaveLength(5);
      const type =
        { issues: "Issue", announcements: "Announcement", events: "Event" }[field] ?? "Poll";
      const aliases = nodes.map(
        (n, i) => `n${i}: node(id: "${n.id}") { ... on ${type} { ${parts} } }`,
      );
      const one = await run<Record<string, WithId>>(`{ ${aliases.join("\n")} }`);
      expect(one.statements).toBeGreaterThan(1);
      expect(nodes.map((_, i) => one.data[`n${i}`])).toEqual(nodes);
    }
  });

  it("reads a timeline page of every type in one statement, the same records as read by node", async () => {
    const fields = `__typename id title publishedAt
      ... on Issue { volume number summary fullNewsletterUrl }
      ... on Announcement { kind dateline summary }
      ... on Event { startsAt endsAt allDay venue registration { url price { amount currency } } }
      ... on Poll { question opensAt closesAt resultsHiddenReason }`;
    const listed = await run<{ timeline: Edges<WithId & { __typename: string }> }>(
      `{ timeline(first: 16) { edges { node { ${fields} } } } }`,
    );
    expect(listed.statements).toBe(1);
    const nodes = listed.data.timeline.edges.map((e) => e.node);
    expect(new Set(nodes.map((n) => n.__typename)).size).toBe(4);
    // Eight at a time: the breadth limit.
    for (let from = 0; from < nodes.length; from += 8) {
      const some = nodes.slice(from, from + 8);
      const aliases = some.map(
        (n, i) => `n${i}: node(id: "${n.id}") { ... on Content { ${fields} } }`,
      );
      const one = await run<Record<string, WithId>>(`{ ${aliases.join("\n")} }`);
      expect(one.statements).toBeGreaterThan(1);
      expect(some.map((_, i) => one.data[`n${i}`])).toEqual(some);
    }
    const month = await run<{ archiveMonth: { entries: Edges<WithId> } }>(
      '{ archiveMonth(month: "2010-04") { entries(first: 20) { edges { node { id ... on Content { title } } } } } }',
    );
    expect(month.data.archiveMonth.entries.edges).toHaveLength(5);
    expect(month.statements).toBe(2);
  });

  it("reads one issue in full depth by slug in one statement, the same answer as by node", async () => {
    const bySlug = await run<{ issue: WithId & { sections: unknown[]; stats: unknown } }>(
      `{ issue(slug: "weekly-newsletter-vol-10-no-15") { ${ISSUE_PARTS} } }`,
    );
    expect(bySlug.statements).toBe(1);
    expect(bySlug.data.issue.sections).toHaveLength(5);
    expect(bySlug.data.issue.stats).toMatchObject({
      visitors: 31_804,
      pageViews: 102_722,
      browserShares: [{ browser: "Opera", share: 4.26 }],
    });
    const byNode = await run<{ node: unknown }>(
      `query($id: ID!) { node(id: $id) { ... on Issue { ${ISSUE_PARTS} } } }`,
      { id: bySlug.data.issue.id },
    );
    expect(byNode.data.node).toEqual(bySlug.data.issue);
    const byNumber = await run<{ issue: unknown }>(
      `{ issue(volume: 10, number: 15) { ${ISSUE_PARTS} } }`,
    );
    expect(byNumber.statements).toBe(1);
    expect(byNumber.data.issue).toEqual(bySlug.data.issue);
  });

  it("sees nested selections through fragments, aliases and @include", async () => {
    const query = `query($withStats: Boolean!) {
      issues(first: 5) { edges { node { ...Card ... on Issue { s: sections { items { ...People } } } } } }
    }
    fragment Card on Issue { title stats @include(if: $withStats) { browserShares { share } } }
    fragment People on SectionItem { people { name } }`;
    const withStats = await run<{ issues: Edges<{ stats?: unknown; s: unknown[] }> }>(query, {
      withStats: true,
    });
    expect(withStats.statements).toBe(1);
    expect(withStats.data.issues.edges[0]?.node.stats).toBeDefined();
    const without = await run<{ issues: Edges<{ stats?: unknown }> }>(query, { withStats: false });
    expect(without.statements).toBe(1);
    expect(without.data.issues.edges[0]?.node.stats).toBeUndefined();
  });

  it("reads only what is selected: a list of titles reads no nested part", async () => {
    const { statements } = await run("{ issues(first: 20) { edges { node { title } } } }");
    expect(statements).toBe(1);
    expect(tdb.sql.statements[0]).not.toContain("issue_sections");
    expect(tdb.sql.statements[0]).not.toContain("weekly_stats");
  });

  it("leaves a page of sessions it cannot read ahead to the field, which reports the bad cursor", async () => {
    const r = await app.gql(
      '{ events(first: 2) { edges { node { title sessions(after: "nonsense") { edges { node { title } } } } } } }',
    );
    expect(r.errors?.[0]?.path).toEqual(["events", "edges", 0, "node", "sessions"]);
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_CURSOR");
  });

  it("applies the stats' own publication rule in the one statement (draft stats read as null)", async () => {
    await tdb.database.db.execute(
      "update weekly_stats set status = 'draft' where id = (select stats_id from issues join content on content.id = issues.content_id where slug = 'weekly-newsletter-vol-10-no-15')",
    );
    try {
      const listed = await run<{ issues: Edges<{ slug: string; stats: unknown }> }>(
        `{ issues(first: 100) { edges { node { slug stats { visitors browserShares { share } } } } } }`,
      );
      const april = listed.data.issues.edges.find(
        (e) => e.node.slug === "weekly-newsletter-vol-10-no-15",
      );
      expect(april?.node.stats).toBeNull();
      expect(listed.statements).toBe(1);
    } finally {
      await tdb.database.db.execute(
        "update weekly_stats set status = 'published' where id = (select stats_id from issues join content on content.id = issues.content_id where slug = 'weekly-newsletter-vol-10-no-15')",
      );
    }
  });
});
