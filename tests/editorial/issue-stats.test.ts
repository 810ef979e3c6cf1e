/**
 * An issue's weekly stats by one rule on every surface (issue 13, item 18): they are published
 * with the issue, GraphQL and the feeds both show them, and both stop when the stats are set
 * back to DRAFT.
 */
import { parseJsonFeed } from "feedsmith";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, payload } from "../helpers/editorial.js";

const CREATE = `mutation($input: IssueInput!) {
  createIssue(input: $input) { ${ERRORS} ... on CreateIssueSuccess { issue { id slug } } }
}`;
const PUBLISH = `mutation($id: ID!) { publishContent(id: $id) { ${ERRORS} } }`;
const STATS = `query($slug: String!) { issue(slug: $slug) { stats { id visitors } } }`;
const WITHDRAW = `mutation($id: ID!) {
  setWeeklyStatsPublication(id: $id, status: DRAFT) { __typename }
}`;

describe.each(backends())("an issue's weekly stats on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;

  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb);
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
  });
  afterAll(() => tdb.drop());

  const feedText = async (slug: string) => {
    const body = await (await app.fetch("/feeds/issues.json")).text();
    const item = parseJsonFeed(body).items?.find((i) => i.url?.endsWith(`/${slug}`));
    return item?.content_html ?? "";
  };
  const graphqlStats = async (slug: string) =>
    (await app.gql<{ issue: { stats: { id: string; visitors: number } | null } }>(STATS, { slug }))
      .data?.issue.stats;

  it("shows the stats wherever the issue shows, and nowhere once they are withdrawn", async () => {
    const input = {
      title: "Weekly Newsletter Vol 16 No 48",
      volume: 16,
      number: 48,
      stats: { weekStart: "2026-11-23", weekEnd: "2026-11-29", visitors: 4242 },
    };
    const created = payload(await app.gql(CREATE, { input }, editor), "createIssue");
    const { id, slug } = created.issue as { id: string; slug: string };
    expect(payload(await app.gql(PUBLISH, { id }, editor), "publishContent").__typename).toBe(
      "PublishContentSuccess",
    );

    const shown = await graphqlStats(slug);
    expect(shown?.visitors).toBe(4242);
    expect(await feedText(slug)).toContain("<li>Visitors: 4,242</li>");

    const withdrawn = await app.gql(WITHDRAW, { id: shown?.id }, editor);
    expect(withdrawn.errors).toBeUndefined();
    expect(await graphqlStats(slug)).toBeNull();
    const text = await feedText(slug);
    expect(text).not.toContain("Visitors");
    expect(text).not.toContain("4,242");
  });
});
