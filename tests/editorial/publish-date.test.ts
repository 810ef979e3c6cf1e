/**
 * Issue 15, item 10: a back issue is published with its real date (and how much of it is
 * known); a future date is refused (it is a schedule); unpublishing keeps the date, and
 * publishing again without one brings the entry back at it.
 */
import { parseAtomFeed } from "feedsmith";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, payload } from "../helpers/editorial.js";

const PUBLISH = `mutation($id: ID!, $at: DateTime, $precision: DatePrecision) {
  publishContent(id: $id, publishedAt: $at, publishedAtPrecision: $precision) { ${ERRORS}
    ... on PublishContentSuccess { content { publicationStatus publishedAt publishedAtPrecision } } } }`;
const UNPUBLISH = `mutation($id: ID!) { unpublishContent(id: $id) { ${ERRORS}
  ... on UnpublishContentSuccess { content { publicationStatus publishedAt publishedAtPrecision } } } }`;

describe.each(backends())("publishing with a date on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;
  let id: string;
  const clock = new TestClock(new Date("2026-11-20T10:00:00Z"));

  const publish = async (variables: Record<string, unknown>) =>
    payload(await app.gql(PUBLISH, { id, ...variables }, editor), "publishContent");

  /** What readers see of April 2010: the month's issues, the timeline's titles, the month's feed. */
  const april = async () => {
    const r = await app.gql<{
      archiveMonth: { issues: number };
      timeline: { edges: { node: { title: string; publishedAt: string } }[] };
    }>(
      `{ archiveMonth(month: "2010-04") { issues } timeline(first: 10) { edges { node { title publishedAt } } } }`,
    );
    expect(r.errors).toBeUndefined();
    const feed = parseAtomFeed(await (await app.fetch("/feeds/issues/2010-04.atom")).text());
    return {
      issues: r.data?.archiveMonth.issues,
      timeline: r.data?.timeline.edges.map((e) => `${e.node.publishedAt} ${e.node.title}`),
      feed: feed.entries?.map((e) => `${e.published} ${e.title?.value}`),
    };
  };

  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb, { clock });
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
    const created = payload(
      await app.gql(
        `mutation($input: IssueInput!) { createIssue(input: $input) { ${ERRORS} ... on CreateIssueSuccess { issue { id } } } }`,
        { input: { title: "Weekly Newsletter Vol 10 No 14", volume: 10, number: 14 } },
        editor,
      ),
      "createIssue",
    );
    id = (created.issue as { id: string }).id;
  });
  afterAll(() => tdb.drop());

  it("refuses a future publishedAt, pointing to scheduleContent, and a precision without a date", async () => {
    const future = await publish({ at: "2026-11-20T10:00:01Z" });
    expect(future.__typename).toBe("ValidationError");
    expect(future.fieldErrors).toEqual([
      {
        path: ["publishedAt"],
        message: "is in the future: use scheduleContent to publish at a later time",
        code: "IN_FUTURE",
      },
    ]);
    const alone = await publish({ precision: "DAY" });
    expect(alone.fieldErrors).toEqual([
      { path: ["publishedAt"], message: "is required with publishedAtPrecision", code: "REQUIRED" },
    ]);
    const draft = await app.gql<{ node: { publicationStatus: string } }>(
      `query($id: ID!) { node(id: $id) { ... on Issue { publicationStatus } } }`,
      { id },
      editor,
    );
    expect(draft.data?.node.publicationStatus).toBe("DRAFT");
  });

  it("publishes a back issue at its date and precision, in its place in the archive, timeline and feeds", async () => {
    const before = await april(); // answers and feeds are cached from here on
    expect(before.issues).toBe(1);
    const published = await publish({ at: "2010-04-06T00:00:00Z", precision: "DAY" });
    expect(published.content).toEqual({
      publicationStatus: "PUBLISHED",
      publishedAt: "2010-04-06T00:00:00.000Z",
      publishedAtPrecision: "DAY",
    });
    expect(await april()).toEqual({
      issues: 2,
      timeline: [
        "2010-04-13T12:00:00.000Z Weekly Newsletter Vol 10 No 15",
        "2010-04-13T11:00:00.000Z Xen 4.0 Feature List",
        "2010-04-13T10:00:00.000Z Xen.org Announces Xen 4.0 Availability",
        "2010-04-13T09:00:00.000Z Mascot Contest – Vote for your favorite",
        "2010-04-13T08:00:00.000Z Xen Summit North America at AMD – Agenda Announced",
        "2010-04-06T00:00:00.000Z Weekly Newsletter Vol 10 No 14",
      ],
      feed: [
        "2010-04-13T12:00:00.000Z Weekly Newsletter Vol 10 No 15",
        "2010-04-06T00:00:00.000Z Weekly Newsletter Vol 10 No 14",
      ],
    });
  });

  it("keeps the date on unpublish and brings the entry back at it; a date moves a live entry", async () => {
    const unpublished = payload(await app.gql(UNPUBLISH, { id }, editor), "unpublishContent");
    expect(unpublished.content).toEqual({
      publicationStatus: "DRAFT",
      publishedAt: "2010-04-06T00:00:00.000Z",
      publishedAtPrecision: "DAY",
    });
    expect((await april()).issues).toBe(1);
    clock.set("2026-11-21T10:00:00Z");
    const again = await publish({});
    expect(again.content).toEqual({
      publicationStatus: "PUBLISHED",
      publishedAt: "2010-04-06T00:00:00.000Z",
      publishedAtPrecision: "DAY",
    });
    expect((await april()).issues).toBe(2);
    const moved = await publish({ at: "2010-04-14T09:30:00Z" });
    expect(moved.content).toEqual({
      publicationStatus: "PUBLISHED",
      publishedAt: "2010-04-14T09:30:00.000Z",
      publishedAtPrecision: "EXACT",
    });
    expect((await april()).timeline?.[0]).toBe(
      "2010-04-14T09:30:00.000Z Weekly Newsletter Vol 10 No 14",
    );
  });
});
