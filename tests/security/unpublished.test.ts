import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, payload } from "../helpers/editorial.js";

/**
 * Public readers see only published content, on every surface. Every unpublished thing here
 * (a draft of each type, a scheduled entry, a pending edit of a published entry) carries one
 * marker word; the sweep asks every public surface for everything it will give and checks the
 * raw bytes of each answer for the marker, so a leak anywhere in a body fails the test.
 */
const MARKER = "quokkasecret";
const SLUGS = ["issue", "announcement", "event", "poll", "scheduled"].map(
  (kind) => `${MARKER}-${kind}`,
);

const FEED_STREAMS = ["all", "issues", "announcements", "events", "polls", "tags/xen-4-0"];
const FEED_MONTHS = ["", "/2026-11", "/2027-05", "/2010-04"];

describe.each(backends())("unpublished content never reaches readers on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;
  const ids: string[] = [];
  let pollOption = "";
  const clock = new TestClock(new Date("2026-11-20T10:00:00Z"));

  const create = async (field: string, type: string, input: Record<string, unknown>) => {
    const result = payload(
      await app.gql(
        `mutation($input: ${type}Input!) { ${field}(input: $input) { ${ERRORS}
          ... on ${field[0]?.toUpperCase()}${field.slice(1)}Success { ${type.toLowerCase()} { id ${
            type === "Poll" ? "options { id }" : ""
          } } } } }`,
        { input },
        editor,
      ),
      field,
    );
    const node = result[type.toLowerCase()] as { id: string; options?: { id: string }[] };
    ids.push(node.id);
    return node;
  };

  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb, { clock, votes: { clock: clock.now } });
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
    const text = `The ${MARKER} plans.`;
    const tags = ["xen-4-0"];
    // A tag only a draft carries: its name is a codename readers must not learn.
    const codename = await app.gql<{ createTag: { __typename: string } }>(
      `mutation($input: TagInput!) { createTag(input: $input) { __typename } }`,
      { input: { slug: "codename", name: `Codename ${MARKER}` } },
      editor,
    );
    expect(codename.data?.createTag.__typename).toBe("CreateTagSuccess");
    await create("createIssue", "Issue", {
      slug: SLUGS[0],
      title: `Weekly Newsletter ${MARKER}`,
      volume: 16,
      number: 47,
      intro: text,
      tags: [...tags, "codename"],
      sections: [
        { kind: "MEMBERS", title: MARKER, items: [{ title: MARKER, people: ["ian-pratt"] }] },
      ],
    });
    await create("createAnnouncement", "Announcement", {
      slug: SLUGS[1],
      kind: "PRESS_RELEASE",
      title: `Announcing ${MARKER}`,
      body: text,
      summary: text,
      tags,
    });
    await create("createEvent", "Event", {
      slug: SLUGS[2],
      title: `Summit ${MARKER}`,
      startsAt: "2027-05-01T09:00:00Z",
      endsAt: "2027-05-02T17:00:00Z",
      description: text,
      speakers: ["ian-pratt"],
      sessions: [{ title: MARKER, speakers: ["ian-pratt"] }],
      tags,
    });
    const poll = await create("createPoll", "Poll", {
      slug: SLUGS[3],
      title: `Poll ${MARKER}`,
      question: `${MARKER}?`,
      options: [{ label: `${MARKER} A` }, { label: `${MARKER} B` }],
      tags,
    });
    pollOption = poll.options?.[0]?.id ?? "";
    const scheduled = await create("createAnnouncement", "Announcement", {
      slug: SLUGS[4],
      kind: "NEWS",
      title: `Soon ${MARKER}`,
      body: text,
      tags,
    });
    const due = payload(
      await app.gql(
        `mutation($id: ID!) { scheduleContent(id: $id, at: "2026-12-01T00:00:00Z") { ${ERRORS} ... on ScheduleContentSuccess { content { publicationStatus } } } }`,
        { id: scheduled.id },
        editor,
      ),
      "scheduleContent",
    );
    expect(due.content).toEqual({ publicationStatus: "SCHEDULED" });
    // A pending edit of a published announcement: readers keep the published text.
    const seeded = await app.gql<{ announcement: { id: string } }>(
      `{ announcement(slug: "xen-org-announces-xen-4-0-availability") { id } }`,
    );
    const pending = payload(
      await app.gql(
        `mutation($id: ID!, $s: String!) { updateAnnouncement(id: $id, asRevision: true, patch: { summary: $s, title: $s }) { ${ERRORS} ... on UpdateAnnouncementSuccess { announcement { id } } } }`,
        { id: seeded.data?.announcement.id, s: `Edited ${MARKER}` },
        editor,
      ),
      "updateAnnouncement",
    );
    ids.push((pending.announcement as { id: string }).id);
  });
  afterAll(() => tdb.drop());

  /** POST a public query; returns the raw body and the parsed answer. */
  const read = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await app.fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const raw = await res.text();
    return {
      status: res.status,
      raw,
      body: JSON.parse(raw) as {
        data?: Record<string, unknown>;
        errors?: { extensions?: { code?: string } }[];
      },
    };
  };

  it("editors can see every marked entry (so the sweep below looks for something real)", async () => {
    const r = await app.gql<{ search: { totalCount: number } }>(
      `{ search(query: "${MARKER}") { totalCount } }`,
      undefined,
      editor,
    );
    expect(r.data?.search.totalCount).toBe(5);
    expect(ids).toHaveLength(6);
  });

  it("GraphQL: no lookup, list, count, search, node or person page shows any of it", async () => {
    const page = "first: 100";
    const lists = `
      timeline(${page}) { totalCount edges { node { id title } } }
      issues(${page}) { totalCount edges { node { id title } } }
      announcements(${page}) { totalCount edges { node { id title } } }
      events(${page}) { totalCount edges { node { id title } } }
      upcoming: events(${page}, filter: { upcoming: true }) { totalCount edges { node { id title } } }
      polls(${page}) { totalCount edges { node { id title } } }
      tagged: timeline(${page}, filter: { tag: "xen-4-0" }) { totalCount edges { node { id title } } }
      november: timeline(${page}, filter: { month: "2026-11" }) { totalCount }
      search(query: "${MARKER}") { totalCount edges { node { snippet node { id } } } }
      prefix: search(query: "quokka") { totalCount }
      archive { month total issues announcements events polls }
      nov: archiveMonth(month: "2026-11") { total }
      may: archiveMonth(month: "2027-05") { total }
      person(slug: "ian-pratt") { appearsIn(first: 100) { totalCount edges { node { id title } } } }
      preview { id }`;
    const answer = await read(`{ ${lists} }`);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.raw).not.toContain(MARKER);
    expect(answer.body.data?.nov).toBeNull();
    expect(answer.body.data?.may).toBeNull();
    expect(answer.body.data?.search).toEqual({ totalCount: 0, edges: [] });
    // Every count is the published archive's own: the marked entries are counted nowhere.
    const data = answer.body.data as Record<string, { totalCount: number; edges?: unknown[] }>;
    const counts = Object.fromEntries(
      [
        "timeline",
        "issues",
        "announcements",
        "events",
        "upcoming",
        "polls",
        "tagged",
        "november",
        "prefix",
      ].map((k) => [k, data[k]?.totalCount]),
    );
    expect(counts).toEqual({
      timeline: 5,
      issues: 1,
      announcements: 2,
      events: 1,
      upcoming: 0,
      polls: 1,
      tagged: 2,
      november: 0,
      prefix: 0,
    });
    for (const [k, list] of Object.entries(data))
      if (list && Array.isArray(list.edges)) expect(list.edges, k).toHaveLength(list.totalCount);
    expect(answer.body.data?.archive).toEqual([
      { month: "2010-04", total: 5, issues: 1, announcements: 2, events: 1, polls: 1 },
    ]);
    const person = answer.body.data?.person as {
      appearsIn: { totalCount: number; edges: unknown[] };
    };
    expect(person.appearsIn.totalCount).toBe(1);
    expect(person.appearsIn.edges).toHaveLength(1);

    for (const [field, slug] of [
      ["issue", SLUGS[0]],
      ["announcement", SLUGS[1]],
      ["event", SLUGS[2]],
      ["poll", SLUGS[3]],
      ["announcement", SLUGS[4]],
    ]) {
      const bySlug = await read(`{ x: ${field}(slug: "${slug}") { id } }`);
      expect(bySlug.body, `${field}(slug: ${slug})`).toEqual({ data: { x: null } });
    }
    for (const id of ids) {
      const byNode = await read(
        `query($id: ID!) { node(id: $id) { id ... on Announcement { title summary } } }`,
        { id },
      );
      expect(byNode.raw, id).not.toContain(MARKER);
    }
    // The published announcement with a pending edit still reads as published.
    const kept = await read(
      `{ announcement(slug: "xen-org-announces-xen-4-0-availability") { title summary } }`,
    );
    expect(kept.raw).not.toContain(MARKER);
    expect(kept.body.data?.announcement).toMatchObject({
      title: "Xen.org Announces Xen 4.0 Availability",
    });
  });

  it("votes and live results: a draft poll is not found, not 'closed'", async () => {
    const pollId = ids[3];
    const vote = await read(
      `mutation($p: ID!, $o: ID!) { castVote(input: { pollId: $p, optionId: $o, voterKey: "reader-0000000000000001" }) { __typename } }`,
      { p: pollId, o: pollOption },
    );
    expect(vote.body).toEqual({ data: { castVote: { __typename: "NotFoundError" } } });

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 3_000);
    const res = await app.fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({
        query: "subscription($p: ID!) { pollResults(pollId: $p) { question options { label } } }",
        variables: { p: pollId },
      }),
      signal: controller.signal,
    });
    const stream = await res.text().catch(() => "");
    expect(stream).not.toContain(MARKER);
    expect(stream).toContain('"code":"NOT_FOUND"');
  });

  it("feeds: no stream, archive document or calendar shows any of it", async () => {
    // (The draft event's own calendar is a 404 that names the slug asked for: checked below.)
    const paths: string[] = ["/feeds/events.ics"];
    for (const stream of FEED_STREAMS)
      for (const month of FEED_MONTHS)
        for (const format of ["atom", "rss", "json"])
          paths.push(`/feeds/${stream}${month}.${format}`);
    let served = 0;
    for (const path of paths) {
      const res = await app.fetch(path);
      const raw = await res.text();
      expect(raw, path).not.toContain(MARKER);
      expect([200, 404], path).toContain(res.status);
      if (res.status === 200) served++;
    }
    // The sweep read real documents, not only refusals: every stream and its April 2010 page.
    expect(served).toBeGreaterThanOrEqual(FEED_STREAMS.length * 3 * 2 + 1);
    expect((await app.fetch(`/feeds/events/${SLUGS[2]}.ics`)).status).toBe(404);
  });

  it("a tag only drafts carry: not among the feeds, and its feed answers like an unknown tag's", async () => {
    const feeds = await read("{ feeds { title url } }");
    expect(feeds.status).toBe(200);
    expect(feeds.raw).not.toContain(MARKER);
    expect(feeds.raw).not.toContain("/feeds/tags/codename.");
    expect(feeds.raw).toContain("/feeds/tags/xen-4-0.atom");
    for (const tag of ["codename", "no-such-tag"]) {
      const res = await app.fetch(`/feeds/tags/${tag}.atom`);
      expect({ status: res.status, body: await res.text() }).toEqual({
        status: 404,
        body: `No tag "${tag}".\n`,
      });
    }
    // Editors see it: their feeds list is every tag's.
    const asEditor = await app.gql<{ feeds: { url: string }[] }>("{ feeds { url } }", {}, editor);
    expect(asEditor.data?.feeds.map((f) => f.url)).toContain(
      "https://api.xen.example.org/feeds/tags/codename.atom",
    );
  });

  it("the scheduled entry appears everywhere once due, and the drafts still do not", async () => {
    clock.set("2026-12-01T00:00:01Z");
    const r = await read(
      `{ search(query: "${MARKER}") { totalCount edges { node { node { slug } } } } }`,
    );
    expect(r.body.data?.search).toEqual({
      totalCount: 1,
      edges: [{ node: { node: { slug: SLUGS[4] } } }],
    });
    const feed = await (await app.fetch("/feeds/announcements.json")).text();
    expect(feed).toContain(`Soon ${MARKER}`);
    expect(feed).not.toContain(`Announcing ${MARKER}`);
  });
});
