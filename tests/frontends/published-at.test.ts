/**
 * Issue 15, item 2: `publishedAt` is non-null wherever readers reach an entry, since readers
 * only ever see published entries; editors (API token, /admin session) and preview-token
 * holders read drafts, which have none, through the same queries. Readers are answered by the
 * readers' schema (`publishedAt: DateTime!`), everyone who may see drafts by the editors' (the
 * same with `publishedAt: DateTime`): see src/graphql/audiences.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { listen } from "../../src/server.js";
import { TestClock, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, payload } from "../helpers/editorial.js";
import { subscribe } from "../helpers/sse.js";

const ENTRY = "__typename id slug publishedAt publicationStatus";
/** Every list an entry is reached by, with no variables: readers and editors send it alike. */
const LISTS = `query Lists {
  issues(first: 50) { edges { node { ${ENTRY} } } }
  announcements(first: 50) { edges { node { ${ENTRY} } } }
  events(first: 50) { edges { node { ${ENTRY} } } }
  polls(first: 50) { edges { node { ${ENTRY} } } }
  timeline(first: 50) { edges { node { ${ENTRY} } } }
}`;
/** Each type's own root field, and node, for one entry of each type. */
const ONE = `query One($issue: String!, $announcement: String!, $event: String!, $poll: String!, $id: ID!) {
  issue(slug: $issue) { ${ENTRY} }
  announcement(slug: $announcement) { ${ENTRY} }
  event(slug: $event) { ${ENTRY} }
  poll(slug: $poll) { ${ENTRY} }
  node(id: $id) { ... on Content { ${ENTRY} } }
}`;
const TYPES = ["Content", "Issue", "Announcement", "Event", "Poll"] as const;
/** How introspection types `publishedAt` on Content and every entry type. */
const INTROSPECT = `{ ${TYPES.map(
  (t) => `${t}: __type(name: "${t}") { fields { name type { kind name ofType { kind name } } } }`,
).join(" ")} }`;

interface Entry {
  __typename: string;
  id: string;
  slug: string;
  publishedAt: string | null;
  publicationStatus: string;
}
type Connection = { edges: { node: Entry }[] };
type Lists = Record<"issues" | "announcements" | "events" | "polls" | "timeline", Connection>;
type Introspected = Record<
  (typeof TYPES)[number],
  { fields: { name: string; type: { kind: string; name: string | null; ofType: unknown } }[] }
>;

/** The seed's entries, one of each type (docs/api.md, "The reference archive"). */
const SEED = {
  issue: "weekly-newsletter-vol-10-no-15",
  announcement: "xen-4-0-feature-list",
  event: "xen-summit-north-america-at-amd-agenda-announced",
  poll: "mascot-contest-vote-for-your-favorite",
  id: "UG9sbDo1",
};

const publishedAtType = (seen: Introspected) =>
  Object.fromEntries(
    TYPES.map((t) => [t, seen[t].fields.find((f) => f.name === "publishedAt")?.type]),
  );
const nodesOf = (lists: Lists) => Object.values(lists).flatMap((c) => c.edges.map((e) => e.node));

describe.each(backends())("publishedAt for readers and editors on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;
  const clock = new TestClock(new Date("2026-12-05T09:00:00Z"));
  /** A never-published draft of each type. */
  let drafts: Record<"issue" | "announcement" | "event" | "poll", Entry>;

  const create = async (mutation: string, field: string, result: string) =>
    payload(
      await app.gql(
        `mutation { ${mutation} { ${ERRORS} ... on ${field[0]?.toUpperCase()}${field.slice(1)}Success { ${result} { ${ENTRY} } } } }`,
        undefined,
        editor,
      ),
      field,
    )[result] as Entry;

  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb, { clock });
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
    drafts = {
      issue: await create(
        `createIssue(input: { title: "Draft issue", volume: 99, number: 1 })`,
        "createIssue",
        "issue",
      ),
      announcement: await create(
        `createAnnouncement(input: { title: "Draft news", kind: NEWS })`,
        "createAnnouncement",
        "announcement",
      ),
      event: await create(
        `createEvent(input: { title: "Draft meetup", startsAt: "2027-01-10T18:00:00Z", endsAt: "2027-01-10T20:00:00Z" })`,
        "createEvent",
        "event",
      ),
      poll: await create(
        `createPoll(input: { title: "Draft poll", question: "Which?", options: [{ label: "A" }, { label: "B" }] })`,
        "createPoll",
        "poll",
      ),
    };
  });
  afterAll(() => tdb.drop());

  it("the drafts have no publication date", () => {
    for (const d of Object.values(drafts)) {
      expect(d).toMatchObject({ publishedAt: null, publicationStatus: "DRAFT" });
    }
  });

  it("readers: introspection types publishedAt DateTime! on Content and every entry type", async () => {
    const seen = await app.gql<Introspected>(INTROSPECT);
    expect(seen.errors).toBeUndefined();
    const nonNull = { kind: "NON_NULL", name: null, ofType: { kind: "SCALAR", name: "DateTime" } };
    expect(publishedAtType(seen.data as Introspected)).toEqual(
      Object.fromEntries(TYPES.map((t) => [t, nonNull])),
    );
  });

  it("editors: introspection types publishedAt as a nullable DateTime", async () => {
    const seen = await app.gql<Introspected>(INTROSPECT, undefined, editor);
    expect(seen.errors).toBeUndefined();
    const nullable = { kind: "SCALAR", name: "DateTime", ofType: null };
    expect(publishedAtType(seen.data as Introspected)).toEqual(
      Object.fromEntries(TYPES.map((t) => [t, nullable])),
    );
  });

  it("readers get a date on every entry of every list, the timeline, each type's root field and node", async () => {
    const lists = await app.gql<Lists>(LISTS);
    expect(lists.errors).toBeUndefined();
    const listed = nodesOf(lists.data as Lists);
    // The seed's five entries, each in its type's list and in the timeline; no draft.
    expect(listed).toHaveLength(10);
    expect(listed.every((e) => typeof e.publishedAt === "string")).toBe(true);
    expect(listed.some((e) => e.publicationStatus === "DRAFT")).toBe(false);
    const one = await app.gql<Record<string, Entry>>(ONE, SEED);
    expect(one.errors).toBeUndefined();
    expect(Object.keys(one.data ?? {})).toEqual(["issue", "announcement", "event", "poll", "node"]);
    for (const entry of Object.values(one.data ?? {})) {
      expect(entry.publishedAt).toMatch(/^2010-04-13T\d\d:00:00\.000Z$/);
    }
  });

  it("editors read drafts with publishedAt null, through the same queries, without errors", async () => {
    // The same document a reader sent first: compiled (graphql-jit) and cached for readers.
    const lists = await app.gql<Lists>(LISTS, undefined, editor);
    expect(lists.errors).toBeUndefined();
    const listed = nodesOf(lists.data as Lists);
    const undated = listed.filter((e) => e.publishedAt === null).map((e) => e.slug);
    expect(undated.sort()).toEqual(
      // Each in its type's list and in the timeline.
      Object.values(drafts)
        .flatMap((d) => [d.slug, d.slug])
        .sort(),
    );
    const one = await app.gql<Record<string, Entry>>(
      ONE,
      {
        issue: drafts.issue.slug,
        announcement: drafts.announcement.slug,
        event: drafts.event.slug,
        poll: drafts.poll.slug,
        id: drafts.poll.id,
      },
      editor,
    );
    expect(one.errors).toBeUndefined();
    expect(one.data).toEqual({ ...drafts, node: drafts.poll });
  });

  it("the /admin app's session reads drafts too; its cookie alone is a reader's", async () => {
    const { authorization } = await bearer(tdb.database.db, "editor", "Admin user");
    const signIn = await app.fetch("/admin/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: authorization.replace(/^Bearer /, "") }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const { csrf } = (await signIn.json()) as { csrf: string };
    // What the app's list asks (src/admin/client/list.tsx), drafts first.
    const q = `{ announcements(filter: { status: [DRAFT] }) { edges { node { ${ENTRY} } } } }`;
    const asAdmin = await app.gql<{ announcements: Connection }>(q, undefined, {
      cookie,
      "x-csrf-token": csrf,
    });
    expect(asAdmin.errors).toBeUndefined();
    expect(asAdmin.data?.announcements.edges.map((e) => e.node)).toEqual([drafts.announcement]);
    const cookieOnly = await app.gql<Introspected>(INTROSPECT, undefined, { cookie });
    expect(publishedAtType(cookieOnly.data as Introspected).Issue).toMatchObject({
      kind: "NON_NULL",
    });
  });

  it("a preview token's draft reads publishedAt null without errors", async () => {
    const minted = payload(
      await app.gql(
        `mutation($id: ID!) { createPreviewToken(id: $id) { ${ERRORS} ... on CreatePreviewTokenSuccess { preview { token } } } }`,
        { id: drafts.issue.id },
        editor,
      ),
      "createPreviewToken",
    ).preview as { token: string };
    const seen = await app.gql<Record<string, Entry>>(
      `query($id: ID!, $slug: String!) { preview { ${ENTRY} } node(id: $id) { ... on Content { ${ENTRY} } } issue(slug: $slug) { ${ENTRY} } }`,
      { id: drafts.issue.id, slug: drafts.issue.slug },
      { "x-preview-token": minted.token },
    );
    expect(seen.errors).toBeUndefined();
    expect(seen.data).toEqual({ preview: drafts.issue, node: drafts.issue, issue: drafts.issue });
  });

  it("a reader's live update of a newly published entry carries its date", async () => {
    const http = await listen(app.app, {
      port: 0,
      host: "127.0.0.1",
      logger: createLogger("silent"),
    });
    try {
      const sub = await subscribe(
        `${http.url}/graphql`,
        `subscription { contentPublished(types: [ANNOUNCEMENT]) { ${ENTRY} } }`,
      );
      const published = payload(
        await app.gql(
          `mutation($id: ID!) { publishContent(id: $id) { ${ERRORS} ... on PublishContentSuccess { content { ${ENTRY} } } } }`,
          { id: drafts.announcement.id },
          editor,
        ),
        "publishContent",
      ).content as Entry;
      expect(published.publishedAt).toBe("2026-12-05T09:00:00.000Z");
      const pushed = JSON.parse((await sub.next()).data) as {
        data?: { contentPublished: Entry };
        errors?: unknown;
      };
      expect(pushed.errors).toBeUndefined();
      expect(pushed.data?.contentPublished).toEqual(published);
      sub.close();
    } finally {
      await http.close(1_000);
    }
  });
});
