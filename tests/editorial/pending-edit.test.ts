/**
 * Content.pendingEdit: from a live entry to the change kept aside for it. Editors and the
 * pending edit's preview see it; readers never do (null, and node(id) of the pending edit is
 * null). Publishing applies it (same id and slug) and discarding deletes it; both leave
 * pendingEdit null. Lists never show pending edits, to editors either.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, payload } from "../helpers/editorial.js";

interface Seen {
  id: string;
  slug: string;
  title: string;
  pendingEdit: { id: string; title: string; revisionOf: { id: string } } | null;
}

const LIVE = `query($slug: String!) { announcement(slug: $slug) {
  id slug title pendingEdit { id title revisionOf { id } } } }`;

describe.each(backends())("pending edits of live entries on %s", (backend) => {
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

  /** A published announcement: its id and slug. */
  const live = async (title: string) => {
    const made = payload(
      await app.gql(
        `mutation($t: String!) { createAnnouncement(input: { title: $t, kind: NEWS }) { ${ERRORS}
          ... on CreateAnnouncementSuccess { announcement { id slug } } } }`,
        { t: title },
        editor,
      ),
      "createAnnouncement",
    ).announcement as { id: string; slug: string };
    const published = payload(
      await app.gql(`mutation($id: ID!) { publishContent(id: $id) { ${ERRORS} } }`, made, editor),
      "publishContent",
    );
    expect(published.__typename).toBe("PublishContentSuccess");
    return made;
  };
  const pend = async (id: string, title: string) => {
    const out = payload(
      await app.gql(
        `mutation($id: ID!, $t: String!) { updateAnnouncement(id: $id, asRevision: true, patch: { title: $t }) { ${ERRORS}
          ... on UpdateAnnouncementSuccess { announcement { id } } } }`,
        { id, t: title },
        editor,
      ),
      "updateAnnouncement",
    );
    return (out.announcement as { id: string }).id;
  };
  const seen = async (slug: string, headers: Record<string, string> = {}) => {
    const r = await app.gql<{ announcement: Seen | null }>(LIVE, { slug }, headers);
    expect(r.errors).toBeUndefined();
    return r.data?.announcement;
  };
  const node = async (id: string, headers: Record<string, string> = {}) => {
    const r = await app.gql<{ node: { id: string } | null }>(
      "query($id: ID!) { node(id: $id) { id } }",
      { id },
      headers,
    );
    expect(r.errors).toBeUndefined();
    return r.data?.node;
  };

  it("editors see a live entry's pending edit; readers get null, also by node(id)", async () => {
    const a = await live("Pending edit, seen");
    expect(await seen(a.slug, editor)).toEqual({
      ...a,
      title: "Pending edit, seen",
      pendingEdit: null,
    });
    const pendingId = await pend(a.id, "Pending edit, changed");
    expect(pendingId).not.toBe(a.id);

    expect(await seen(a.slug, editor)).toEqual({
      ...a,
      title: "Pending edit, seen",
      pendingEdit: { id: pendingId, title: "Pending edit, changed", revisionOf: { id: a.id } },
    });
    // The pending edit itself has none.
    const own = await app.gql<{ node: { pendingEdit: null } }>(
      "query($id: ID!) { node(id: $id) { ... on Content { pendingEdit { id } } } }",
      { id: pendingId },
      editor,
    );
    expect(own.data?.node).toEqual({ pendingEdit: null });

    expect(await seen(a.slug)).toEqual({ ...a, title: "Pending edit, seen", pendingEdit: null });
    expect(await node(pendingId)).toBeNull();
    expect(await node(pendingId, editor)).toEqual({ id: pendingId });
  });

  it("the pending edit's preview sees it from the live entry; another entry's preview does not", async () => {
    const a = await live("Pending edit, previewed");
    const pendingId = await pend(a.id, "Pending edit, previewed anew");
    const mint = async (id: string) =>
      (
        payload(
          await app.gql(
            `mutation($id: ID!) { createPreviewToken(id: $id) { ${ERRORS} ... on CreatePreviewTokenSuccess { preview { token } } } }`,
            { id },
            editor,
          ),
          "createPreviewToken",
        ).preview as { token: string }
      ).token;
    expect(await seen(a.slug, { "x-preview-token": await mint(pendingId) })).toEqual({
      ...a,
      title: "Pending edit, previewed",
      pendingEdit: {
        id: pendingId,
        title: "Pending edit, previewed anew",
        revisionOf: { id: a.id },
      },
    });
    expect(await seen(a.slug, { "x-preview-token": await mint(a.id) })).toEqual({
      ...a,
      title: "Pending edit, previewed",
      pendingEdit: null,
    });
  });

  it("lists never show a pending edit, to editors either; the live entry is listed once", async () => {
    const a = await live("Pending edit, quokka");
    const pendingId = await pend(a.id, "Pending edit, quokka anew");
    const r = await app.gql<{
      announcements: {
        totalCount: number;
        edges: { node: { id: string; pendingEdit: { id: string } | null } }[];
      };
      timeline: { edges: { node: { id: string } }[] };
      search: { edges: { node: { node: { id: string } } }[] };
    }>(
      `{ announcements(first: 100) { totalCount edges { node { id pendingEdit { id } } } }
         timeline(first: 100) { edges { node { id } } }
         search(query: "quokka", first: 100) { edges { node { node { id } } } } }`,
      undefined,
      editor,
    );
    expect(r.errors).toBeUndefined();
    const listed = r.data?.announcements.edges.map((e) => e.node) ?? [];
    expect(listed.filter((n) => n.id === a.id)).toEqual([
      { id: a.id, pendingEdit: { id: pendingId } },
    ]);
    expect(listed.filter((n) => n.id === pendingId)).toEqual([]);
    expect(r.data?.announcements.totalCount).toBe(listed.length);
    expect(r.data?.timeline.edges.filter((e) => e.node.id === pendingId)).toEqual([]);
    expect(r.data?.search.edges.map((e) => e.node.node.id)).toEqual([a.id]);
  });

  it("publishing the pending edit applies it in place; afterwards pendingEdit is null", async () => {
    const a = await live("Pending edit, published");
    const pendingId = await pend(a.id, "Pending edit, published anew");
    clock.set("2026-11-20T10:05:00Z");
    const applied = payload(
      await app.gql(
        `mutation($id: ID!) { publishContent(id: $id) { ${ERRORS} ... on PublishContentSuccess { content { id slug title pendingEdit { id } } } } }`,
        { id: pendingId },
        editor,
      ),
      "publishContent",
    );
    clock.set("2026-11-20T10:00:00Z");
    expect(applied.content).toEqual({
      ...a,
      title: "Pending edit, published anew",
      pendingEdit: null,
    });
    const after = { ...a, title: "Pending edit, published anew", pendingEdit: null };
    expect(await seen(a.slug)).toEqual(after);
    expect(await seen(a.slug, editor)).toEqual(after);
    expect(await node(pendingId, editor)).toBeNull();
  });

  it.each([
    ["issues", "updateIssue", "UpdateIssueSuccess", "issue"],
    ["events", "updateEvent", "UpdateEventSuccess", "event"],
    ["polls", "updatePoll", "UpdatePollSuccess", "poll"],
  ])("works the same for the seed's %s", async (list, update, success, field) => {
    const first = await app.gql<{
      [k: string]: { edges: { node: { id: string; title: string } }[] };
    }>(`{ ${list}(first: 1) { edges { node { id title } } } }`);
    const liveEntry = first.data?.[list]?.edges[0]?.node as { id: string; title: string };
    const made = payload(
      await app.gql(
        `mutation($id: ID!) { ${update}(id: $id, asRevision: true, patch: { title: "Pending title" }) { ${ERRORS}
          ... on ${success} { ${field} { id } } } }`,
        { id: liveEntry.id },
        editor,
      ),
      update,
    );
    const pendingId = (made[field] as { id: string }).id;
    const read = `query($id: ID!) { node(id: $id) { ... on Content { title pendingEdit { id title } } } }`;
    const asEditor = await app.gql(read, { id: liveEntry.id }, editor);
    expect(asEditor.data?.node).toEqual({
      title: liveEntry.title,
      pendingEdit: { id: pendingId, title: "Pending title" },
    });
    const asReader = await app.gql(read, { id: liveEntry.id });
    expect(asReader.data?.node).toEqual({ title: liveEntry.title, pendingEdit: null });
    clock.set("2026-11-20T10:05:00Z");
    const applied = payload(
      await app.gql(
        `mutation($id: ID!) { publishContent(id: $id) { ${ERRORS} ... on PublishContentSuccess { content { id title pendingEdit { id } } } } }`,
        { id: pendingId },
        editor,
      ),
      "publishContent",
    );
    clock.set("2026-11-20T10:00:00Z");
    expect(applied.content).toEqual({
      id: liveEntry.id,
      title: "Pending title",
      pendingEdit: null,
    });
    expect((await app.gql(read, { id: liveEntry.id })).data?.node).toEqual({
      title: "Pending title",
      pendingEdit: null,
    });
  });

  it("discarding (deleteContent on the pending edit) removes only it", async () => {
    const a = await live("Pending edit, discarded");
    const pendingId = await pend(a.id, "Pending edit, discarded anew");
    const discarded = payload(
      await app.gql(
        `mutation($id: ID!) { deleteContent(id: $id) { ${ERRORS} ... on DeleteContentSuccess { deletedId } } }`,
        { id: pendingId },
        editor,
      ),
      "deleteContent",
    );
    expect(discarded).toEqual({ __typename: "DeleteContentSuccess", deletedId: pendingId });
    const unchanged = { ...a, title: "Pending edit, discarded", pendingEdit: null };
    expect(await seen(a.slug, editor)).toEqual(unchanged);
    expect(await seen(a.slug)).toEqual(unchanged);
    expect(await node(pendingId, editor)).toBeNull();
    // A new pending edit can begin again.
    const again = await pend(a.id, "Pending edit, second try");
    expect((await seen(a.slug, editor))?.pendingEdit?.id).toBe(again);
  });

  it("reads the pending edits of a page of entries in one statement", async () => {
    const q = "{ announcements(first: 100) { edges { node { id pendingEdit { id } } } } }";
    tdb.sql.reset();
    const r = await app.gql(q, undefined, editor);
    expect(r.errors).toBeUndefined();
    const lookups = tdb.sql.statements.filter((s) => /"revision_of" in/.test(s));
    expect(lookups).toHaveLength(1);
    // Readers: no lookup at all.
    tdb.sql.reset();
    await app.gql(q);
    expect(tdb.sql.statements.filter((s) => /"revision_of" in/.test(s))).toEqual([]);
  });
});
