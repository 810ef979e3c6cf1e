import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../src/db/client.js";
import { type GqlResult, TestClock, testApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { FRONT_PAGE } from "../helpers/front-page.js";
import { missing, skipUnless } from "../helpers/skip.js";

const ISSUES = 50_000;
/** Tables that grow with the archive: none may be read by a sequential scan. */
const BIG = [
  "content",
  "issues",
  "issue_sections",
  "section_items",
  "announcements",
  "weekly_stats",
];

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

function seqScans(plan: PlanNode): string[] {
  const own =
    plan["Node Type"] === "Seq Scan" && plan["Relation Name"] ? [plan["Relation Name"]] : [];
  return [...own, ...(plan.Plans ?? []).flatMap(seqScans)];
}

/**
 * A 50,000-issue archive, built in SQL (the synthetic generator would take minutes): issues
 * with stats, two sections of two items each, and as many announcements, then ANALYZE.
 */
async function bigArchive(tdb: TestDatabase) {
  await tdb.database.db.execute(sql`
    with c as (
      insert into content (type, slug, title, status, published_at, search_text)
      select 'issue', 'big-issue-' || g, 'Big issue ' || g, 'published', timestamptz '2009-01-05' - g * interval '1 week', 'Big issue text ' || g
      from generate_series(1, ${ISSUES}) g returning id, slug),
    s as (
      insert into weekly_stats (week_start, week_end, visitors, status, published_at)
      select date '2009-01-05' - g * 7, date '2009-01-05' - g * 7 + 6, g, 'published', timestamptz '2009-01-05' - g * interval '1 week'
      from generate_series(1, ${ISSUES}) g returning id, week_start)
    insert into issues (content_id, volume, number, stats_id)
    select c.id, 1000 + (substring(c.slug from 11)::int / 52), 1 + (substring(c.slug from 11)::int % 52), s.id
    from c join s on s.week_start = date '2009-01-05' - substring(c.slug from 11)::int * 7`);
  await tdb.database.db.execute(sql`
    insert into issue_sections (issue_id, position, kind, title)
    select content_id, p, 'news', 'Section ' || p from issues, generate_series(0, 1) p where volume >= 1000`);
  await tdb.database.db.execute(sql`
    insert into section_items (section_id, position, title)
    select s.id, p, 'Item ' || p from issue_sections s join issues i on i.content_id = s.issue_id, generate_series(0, 1) p
    where i.volume >= 1000`);
  await tdb.database.db.execute(sql`
    with c as (
      insert into content (type, slug, title, status, published_at, search_text)
      select 'announcement', 'big-news-' || g, 'Big news ' || g, 'published', timestamptz '2009-01-06' - g * interval '1 week', ''
      from generate_series(1, ${ISSUES}) g returning id)
    insert into announcements (content_id, kind) select id, 'news' from c`);
  await tdb.database.db.execute(sql`analyze`);
}

describe(
  "query plans on a 50,000-issue archive (real server)",
  skipUnless(missing.postgres()),
  () => {
    let tdb: TestDatabase;
    let raw: postgres.Sql;
    beforeAll(async () => {
      tdb = await createTestDatabase("postgres", { seed: true });
      await bigArchive(tdb);
      const url = new URL(serverUrl() as string);
      const [row] = rowsOf<{ db: string }>(
        await tdb.database.db.execute(sql`select current_database() as db`),
      );
      url.pathname = `/${row?.db}`;
      raw = postgres(url.toString(), { max: 1, onnotice: () => {} });
    }, 300_000);
    afterAll(async () => {
      await raw?.end();
      await tdb?.drop();
    });

    async function plansOf(query: string, variables: Record<string, unknown>) {
      const app = testApp(tdb, {
        clock: new TestClock(new Date("2026-11-20T00:00:00Z")),
        responseCache: false,
      });
      tdb.sql.reset();
      const r = await app.gql(query, variables);
      expect(r.errors).toBeUndefined();
      const calls = [...tdb.sql.calls];
      const scans: string[] = [];
      for (const call of calls) {
        const [result] = await raw.unsafe(
          `explain (format json) ${call.query}`,
          call.params as never[],
        );
        const plan = (result?.["QUERY PLAN"] as { Plan: PlanNode }[] | undefined)?.[0]
          ?.Plan as PlanNode;
        for (const table of seqScans(plan))
          if (BIG.includes(table)) scans.push(`${table} in: ${call.query.slice(0, 160)}`);
      }
      return { statements: calls.length, scans };
    }

    it("the front page query reads every big table through an index", async () => {
      const { statements, scans } = await plansOf(FRONT_PAGE, {});
      // One per root list, with its nested parts read inside it (their subqueries too).
      expect(statements).toBe(4);
      expect(scans).toEqual([]);
    });

    it("a search for a word in every entry ranks only the newest matches, found by index", async () => {
      // "big" is in all 100,000 synthetic titles: ranking them all was a scan of the table.
      const query =
        '{ search(query: "big", first: 10) { edges { node { node { ... on Content { title } } } } } }';
      const { statements, scans } = await plansOf(query, {});
      expect(statements).toBeGreaterThanOrEqual(2);
      expect(scans).toEqual([]);
    });

    it("a timeline page deep in the archive seeks by keyset, no scan", async () => {
      // Walk to page 200 by cursor (the cursor a client would hold), then explain that page.
      const app = testApp(tdb, {
        clock: new TestClock(new Date("2026-11-20T00:00:00Z")),
        responseCache: false,
      });
      let after: string | null = null;
      const titles = new Set<string>();
      for (let page = 1; page < 200; page++) {
        const r: GqlResult<{
          timeline: { edges: { node: { title: string } }[]; pageInfo: { endCursor: string } };
        }> = await app.gql(
          "query($after: String) { timeline(first: 20, after: $after) { edges { node { title } } pageInfo { endCursor } } }",
          { after },
        );
        expect(r.errors, `page ${page}`).toBeUndefined();
        for (const e of r.data?.timeline.edges ?? []) titles.add(e.node.title);
        after = r.data?.timeline.pageInfo.endCursor ?? null;
        expect(after, `page ${page}`).not.toBeNull();
      }
      // 199 full pages walked, every entry distinct: the page explained below is page 200.
      expect(titles.size).toBe(199 * 20);
      const { statements, scans } = await plansOf(
        "query($after: String) { timeline(first: 20, after: $after) { edges { node { ... on Content { title url tags { slug } } } } } }",
        { after },
      );
      expect(statements).toBeGreaterThanOrEqual(2);
      expect(scans).toEqual([]);
    });
  },
);
