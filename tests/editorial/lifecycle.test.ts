import { parseAtomFeed } from "feedsmith";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { databaseDigest } from "../helpers/digest.js";
import { ERRORS, type MutationPayload, payload } from "../helpers/editorial.js";

const CREATE_ISSUE = `mutation($input: IssueInput!) { createIssue(input: $input) { ${ERRORS}
  ... on CreateIssueSuccess { issue { id slug title publicationStatus publishedAt updatedAt sections { title items { title people { name } } } } } } }`;

describe.each(backends())("editorial lifecycle on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;
  const clock = new TestClock(new Date("2026-11-20T10:00:00Z"));

  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb, { clock });
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
  });
  afterAll(() => tdb.drop());

  const publicView = async (slug: string, id: string, word: string) => {
    const r = await app.gql<{
      issue: { title: string } | null;
      node: { id: string } | null;
      search: { totalCount: number };
      timeline: { edges: { node: { id: string } }[] };
      archive: { month: string; issues: number }[];
    }>(
      `query($slug: String!, $id: ID!, $word: String!) {
        issue(slug: $slug) { title } node(id: $id) { id } search(query: $word) { totalCount }
        timeline(first: 5) { edges { node { id } } } archive { month issues } }`,
      { slug, id, word },
    );
    expect(r.errors).toBeUndefined();
    const feed = parseAtomFeed(await (await app.fetch("/feeds/issues.atom")).text());
    return {
      bySlug: r.data?.issue != null,
      byNode: r.data?.node != null,
      inSearch: (r.data?.search.totalCount ?? 0) > 0,
      inTimeline: r.data?.timeline.edges.some((e) => e.node.id === id) ?? false,
      inArchive: r.data?.archive.some((m) => m.month === "2026-11") ?? false,
      inFeed: feed.entries?.some((e) => e.title?.value?.includes(word)) ?? false,
    };
  };

  it("create → invisible draft → publish → visible everywhere → unpublish → gone", async () => {
    const created = payload(
      await app.gql(
        CREATE_ISSUE,
        {
          input: {
            title: "Weekly Newsletter Vol 16 No 47 Zanzibar",
            volume: 16,
            number: 47,
            intro: "All about **Zanzibar**.",
            tags: ["newsletter"],
            sections: [
              {
                kind: "MEMBERS",
                title: "Members",
                items: [{ title: "Thanks", people: ["ian-pratt"] }],
              },
            ],
          },
        },
        editor,
      ),
      "createIssue",
    );
    expect(created.__typename).toBe("CreateIssueSuccess");
    const issue = created.issue as {
      id: string;
      slug: string;
      publicationStatus: string;
      publishedAt: string | null;
      sections: unknown;
    };
    expect(issue.slug).toBe("weekly-newsletter-vol-16-no-47-zanzibar");
    expect(issue.publicationStatus).toBe("DRAFT");
    expect(issue.publishedAt).toBeNull();
    expect(issue.sections).toEqual([
      { title: "Members", items: [{ title: "Thanks", people: [{ name: "Ian Pratt" }] }] },
    ]);

    const hidden = {
      bySlug: false,
      byNode: false,
      inSearch: false,
      inTimeline: false,
      inArchive: false,
      inFeed: false,
    };
    expect(await publicView(issue.slug, issue.id, "Zanzibar")).toEqual(hidden);
    // Editors see their draft through the same queries.
    const asEditor = await app.gql<{ issue: { title: string } }>(
      `{ issue(slug: "${issue.slug}") { title } }`,
      undefined,
      editor,
    );
    expect(asEditor.data?.issue.title).toBe("Weekly Newsletter Vol 16 No 47 Zanzibar");

    const published = payload(
      await app.gql(
        `mutation($id: ID!) { publishContent(id: $id) { ${ERRORS} ... on PublishContentSuccess { content { publicationStatus publishedAt } } } }`,
        { id: issue.id },
        editor,
      ),
      "publishContent",
    );
    expect(published.content).toEqual({
      publicationStatus: "PUBLISHED",
      publishedAt: "2026-11-20T10:00:00.000Z",
    });
    const shown = {
      bySlug: true,
      byNode: true,
      inSearch: true,
      inTimeline: true,
      inArchive: true,
      inFeed: true,
    };
    expect(await publicView(issue.slug, issue.id, "Zanzibar")).toEqual(shown);

    const unpublished = payload(
      await app.gql(
        `mutation($id: ID!) { unpublishContent(id: $id) { ${ERRORS} ... on UnpublishContentSuccess { content { publicationStatus } } } }`,
        { id: issue.id },
        editor,
      ),
      "unpublishContent",
    );
    expect(unpublished.content).toEqual({ publicationStatus: "DRAFT" });
    expect(await publicView(issue.slug, issue.id, "Zanzibar")).toEqual(hidden);

    const deleted = payload(
      await app.gql(
        `mutation($id: ID!) { deleteContent(id: $id) { ${ERRORS} ... on DeleteContentSuccess { deletedId } } }`,
        { id: issue.id },
        editor,
      ),
      "deleteContent",
    );
    expect(deleted.deletedId).toBe(issue.id);
    const again = await app.gql<{ node: null }>(
      `query($id: ID!) { node(id: $id) { id } }`,
      { id: issue.id },
      editor,
    );
    expect(again.data?.node).toBeNull();
  });

  it("scheduled content becomes visible exactly when due, on every public surface", async () => {
    const created = payload(
      await app.gql(
        CREATE_ISSUE,
        { input: { title: "Embargoed issue Quokka", volume: 16, number: 48 } },
        editor,
      ),
      "createIssue",
    );
    const id = (created.issue as { id: string }).id;
    const due = "2026-11-20T12:00:00.000Z";
    const scheduled = payload(
      await app.gql(
        `mutation($id: ID!, $at: DateTime!) { scheduleContent(id: $id, at: $at) { ${ERRORS} ... on ScheduleContentSuccess { content { publicationStatus publishedAt } } } }`,
        { id, at: due },
        editor,
      ),
      "scheduleContent",
    );
    expect(scheduled.content).toEqual({ publicationStatus: "SCHEDULED", publishedAt: due });
    const visibleAt = async (iso: string) => {
      clock.set(iso);
      return publicView("embargoed-issue-quokka", id, "Quokka");
    };
    expect(Object.values(await visibleAt("2026-11-20T11:59:59.999Z")).some(Boolean)).toBe(false);
    expect(Object.values(await visibleAt(due)).every(Boolean)).toBe(true);
    // Scheduling in the past is refused.
    const late = payload(
      await app.gql(
        `mutation($id: ID!) { scheduleContent(id: $id, at: "2020-01-01T00:00:00Z") { ${ERRORS} } }`,
        { id },
        editor,
      ),
      "scheduleContent",
    );
    expect(late.fieldErrors).toEqual([
      { path: ["at"], message: "must be in the future", code: "NOT_IN_FUTURE" },
    ]);
    clock.set("2026-11-20T10:00:00Z");
  });

  it("a failure in the middle of a nested create leaves nothing behind", async () => {
    // Token last-use times move on their own (asynchronously); compare everything else.
    const digest = async () => {
      const { api_tokens: _tokens, ...rest } = await databaseDigest(tdb.database.db);
      return rest;
    };
    const before = await digest();
    const r = payload(
      await app.gql(
        CREATE_ISSUE,
        {
          input: {
            title: "Half written",
            volume: 16,
            number: 49,
            stats: {
              weekStart: "2026-11-16",
              weekEnd: "2026-11-22",
              visitors: 5,
              superstars: ["ian-pratt"],
            },
            sections: [
              { kind: "NEWS", title: "News", items: [{ title: "ok" }] },
              {
                kind: "MEMBERS",
                title: "Members",
                items: [{ title: "Thanks", people: ["nobody-at-all"] }],
              },
            ],
          },
        },
        editor,
      ),
      "createIssue",
    );
    expect(r.__typename).toBe("ValidationError");
    expect(r.fieldErrors).toEqual([
      {
        path: ["input", "people"],
        message: "unknown person: nobody-at-all",
        code: "UNKNOWN_PERSON",
      },
    ]);
    expect(await digest()).toEqual(before);
  });

  it("refuses a stale update with ConflictError and changes nothing", async () => {
    const q = await app.gql<{ announcement: { id: string; updatedAt: string; title: string } }>(
      `{ announcement(slug: "xen-4-0-feature-list") { id updatedAt title } }`,
    );
    const a = q.data?.announcement as { id: string; updatedAt: string; title: string };
    const UPDATE = `mutation($id: ID!, $patch: AnnouncementPatch!, $at: DateTime) {
      updateAnnouncement(id: $id, patch: $patch, expectedUpdatedAt: $at) { ${ERRORS} ... on UpdateAnnouncementSuccess { announcement { title updatedAt highlights { title } } } } }`;
    clock.set("2026-11-20T10:01:00Z");
    const first = payload(
      await app.gql(
        UPDATE,
        { id: a.id, patch: { title: "Xen 4.0 Feature List (updated)" }, at: a.updatedAt },
        editor,
      ),
      "updateAnnouncement",
    );
    expect(first.__typename).toBe("UpdateAnnouncementSuccess");
    const updated = first.announcement as {
      title: string;
      updatedAt: string;
      highlights: unknown[];
    };
    expect(updated.title).toBe("Xen 4.0 Feature List (updated)");
    expect(updated.updatedAt).toBe("2026-11-20T10:01:00.000Z");
    // Only the title changed: the 17 highlights are untouched by a partial update.
    expect(updated.highlights).toHaveLength(17);

    const stale = payload(
      await app.gql(
        UPDATE,
        { id: a.id, patch: { title: "Someone else's title" }, at: a.updatedAt },
        editor,
      ),
      "updateAnnouncement",
    );
    expect(stale.__typename).toBe("ConflictError");
    expect(stale.currentUpdatedAt).toBe("2026-11-20T10:01:00.000Z");
    const now = await app.gql<{ announcement: { title: string } }>(
      `{ announcement(slug: "xen-4-0-feature-list") { title } }`,
    );
    expect(now.data?.announcement.title).toBe("Xen 4.0 Feature List (updated)");
    clock.set("2026-11-20T10:00:00Z");
  });

  it("keeps slugs unique: generated from titles, -2 on collision, explicit duplicates refused", async () => {
    const make = (input: Record<string, unknown>) =>
      app.gql<Record<string, MutationPayload>>(
        `mutation($input: AnnouncementInput!) { createAnnouncement(input: $input) { ${ERRORS} ... on CreateAnnouncementSuccess { announcement { slug } } } }`,
        { input: { kind: "NEWS", ...input } },
        editor,
      );
    expect(
      (
        payload(await make({ title: "Ξένο News: Über café!" }), "createAnnouncement")
          .announcement as { slug: string }
      ).slug,
    ).toBe("kseno-news-ueber-cafe");
    expect(
      (
        payload(await make({ title: "Ξένο News: Über café!" }), "createAnnouncement")
          .announcement as { slug: string }
      ).slug,
    ).toBe("kseno-news-ueber-cafe-2");
    const dup = payload(
      await make({ title: "Another", slug: "xen-4-0-feature-list" }),
      "createAnnouncement",
    );
    expect(dup.fieldErrors).toEqual([
      {
        path: ["input", "slug"],
        message: "is already used by another entry of this type",
        code: "DUPLICATE",
      },
    ]);
  });
});
