import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventBus } from "../../src/bus/bus.js";
import { touchEntries } from "../../src/content/changes/writes.js";
import { startScheduler } from "../../src/content/entry/scheduler.js";
import { rowsOf } from "../../src/db/client.js";
import { createLogger } from "../../src/logger.js";
import { TestClock, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, payload } from "../helpers/editorial.js";
import { skipUnless } from "../helpers/skip.js";

interface Change {
  id: string;
  type: string;
  slug: string;
  changedAt: string;
  removedAt: string | null;
  entry: { title: string } | null;
}
interface Page {
  changes: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: Change }[];
  };
}

const CHANGES = `query($after: String, $since: DateTime, $first: Int) {
  changes(after: $after, since: $since, first: $first) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id type slug changedAt removedAt entry { title } } } } }`;

describe.each(backends())("the changes feed on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;
  const clock = new TestClock(new Date("2026-12-01T09:00:00Z"));
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb, { clock });
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
  });
  afterAll(() => tdb.drop());

  /**
   * The feed shows a commit once every transaction that began before it has ended, anywhere
   * on the database server, and other test files write to the same server meanwhile: wait
   * until the transactions running now (ours held open excepted) are over.
   */
  async function olderTransactionsEnded(keepRunning = false) {
    if (keepRunning || backend === "pglite") return;
    const db = tdb.database.db;
    const [mark] = rowsOf<{ x: string }>(
      await db.execute(sql`select pg_snapshot_xmax(pg_current_snapshot())::text as x`),
    );
    for (let i = 0; i < 600; i++) {
      const [now] = rowsOf<{ done: boolean }>(
        await db.execute(
          sql`select pg_snapshot_xmin(pg_current_snapshot()) >= ${mark?.x}::xid8 as done`,
        ),
      );
      if (now?.done) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("another transaction on the server stayed open for 60 s");
  }

  /** Every change after `cursor`, page by page, as a syncing site reads them. */
  async function sync(
    cursor: string | null,
    headers: Record<string, string> = {},
    /** A transaction of the test's own is held open: do not wait for it. */
    holding = false,
  ) {
    await olderTransactionsEnded(holding);
    const seen: Change[] = [];
    let after = cursor;
    for (;;) {
      const r = await app.gql<Page>(CHANGES, { after, first: 2 }, headers);
      expect(r.errors).toBeUndefined();
      const page = r.data?.changes;
      if (!page) throw new Error("no page");
      seen.push(...page.edges.map((e) => e.node));
      after = page.pageInfo.endCursor ?? after;
      if (!page.pageInfo.hasNextPage) return { seen, cursor: after };
    }
  }
  const brief = (c: Change) => [c.type, c.slug, c.removedAt === null, c.entry?.title ?? null];

  const mutate = async (query: string, field: string, variables: Record<string, unknown> = {}) =>
    payload(await app.gql(query, variables, editor), field);

  it("follows an entry through create, publish, edit, unpublish, publish and delete", async () => {
    const first = await sync(null);
    expect(first.seen.map(brief)).toEqual([
      [
        "EVENT",
        "xen-summit-north-america-at-amd-agenda-announced",
        true,
        "Xen Summit North America at AMD – Agenda Announced",
      ],
      ["ISSUE", "weekly-newsletter-vol-10-no-15", true, "Weekly Newsletter Vol 10 No 15"],
      ["ANNOUNCEMENT", "xen-4-0-feature-list", true, "Xen 4.0 Feature List"],
      [
        "ANNOUNCEMENT",
        "xen-org-announces-xen-4-0-availability",
        true,
        "Xen.org Announces Xen 4.0 Availability",
      ],
      [
        "POLL",
        "mascot-contest-vote-for-your-favorite",
        true,
        "Mascot Contest – Vote for your favorite",
      ],
    ]);
    expect(first.seen.map((c) => c.changedAt)).toContain("2010-04-13T12:00:00.000Z");
    let cursor = first.cursor;
    expect((await sync(cursor)).seen).toEqual([]);

    const created = (
      await mutate(
        `mutation { createAnnouncement(input: { title: "Sync me", kind: NEWS, body: "v1" }) { ${ERRORS} ... on CreateAnnouncementSuccess { announcement { id } } } }`,
        "createAnnouncement",
      )
    ).announcement as { id: string };
    // A draft is nobody's business but the editors'.
    expect((await sync(cursor)).seen).toEqual([]);
    expect((await sync(cursor, editor)).seen.map(brief)).toEqual([
      ["ANNOUNCEMENT", "sync-me", true, "Sync me"],
    ]);

    const step = async () => {
      const next = await sync(cursor);
      cursor = next.cursor;
      return next.seen.map(brief);
    };
    const publish = `mutation($id: ID!) { publishContent(id: $id) { __typename } }`;
    await app.gql(publish, { id: created.id }, editor);
    expect(await step()).toEqual([["ANNOUNCEMENT", "sync-me", true, "Sync me"]]);

    await mutate(
      `mutation($id: ID!) { updateAnnouncement(id: $id, patch: { title: "Sync me again" }) { ${ERRORS} } }`,
      "updateAnnouncement",
      { id: created.id },
    );
    expect(await step()).toEqual([["ANNOUNCEMENT", "sync-me", true, "Sync me again"]]);

    await app.gql(
      `mutation($id: ID!) { unpublishContent(id: $id) { __typename } }`,
      { id: created.id },
      editor,
    );
    const unpublished = await sync(cursor);
    expect(unpublished.seen).toEqual([
      {
        id: created.id,
        type: "ANNOUNCEMENT",
        slug: "sync-me",
        changedAt: "2026-12-01T09:00:00.000Z",
        removedAt: "2026-12-01T09:00:00.000Z",
        entry: null,
      },
    ]);
    cursor = unpublished.cursor;

    await app.gql(publish, { id: created.id }, editor);
    expect(await step()).toEqual([["ANNOUNCEMENT", "sync-me", true, "Sync me again"]]);

    await app.gql(
      `mutation($id: ID!) { deleteContent(id: $id) { __typename } }`,
      { id: created.id },
      editor,
    );
    expect(await step()).toEqual([["ANNOUNCEMENT", "sync-me", false, null]]);
    expect((await sync(cursor)).seen).toEqual([]);
  });

  it("lists a scheduled entry when it goes live, not when it is scheduled", async () => {
    const { cursor } = await sync(null);
    const created = (
      await mutate(
        `mutation { createAnnouncement(input: { title: "Embargoed", kind: NEWS }) { ${ERRORS} ... on CreateAnnouncementSuccess { announcement { id } } } }`,
        "createAnnouncement",
      )
    ).announcement as { id: string };
    await app.gql(
      `mutation($id: ID!) { scheduleContent(id: $id, at: "2026-12-01T10:00:00Z") { __typename } }`,
      { id: created.id },
      editor,
    );
    expect((await sync(cursor)).seen).toEqual([]);
    clock.set("2026-12-01T10:00:01Z");
    const scheduler = startScheduler({
      db: tdb.database.db,
      bus: new EventBus(),
      clock: clock.now,
      logger: createLogger("silent"),
    });
    // Until the scheduler publishes it, the entry keeps the position it was scheduled at
    // (already passed); the flip gives it a new one.
    await scheduler.tick();
    expect((await sync(cursor)).seen.map(brief)).toEqual([
      ["ANNOUNCEMENT", "embargoed", true, "Embargoed"],
    ]);
    clock.set("2026-12-01T09:00:00Z");
  });

  it("narrows a first sync with since, and list filters with updatedAfter", async () => {
    const r = await app.gql<Page>(CHANGES, { since: "2010-04-13T11:00:00Z", first: 10 });
    // The seed's two latest entries, then the tombstone left above (the embargoed entry is
    // not live at this app's 09:00).
    expect(r.data?.changes.edges.map((e) => e.node.slug)).toEqual([
      "weekly-newsletter-vol-10-no-15",
      "xen-4-0-feature-list",
      "sync-me",
    ]);
    const lists = await app.gql(`{
      timeline(filter: { updatedAfter: "2010-04-13T11:00:00Z" }) { totalCount }
      announcements(filter: { updatedAfter: "2010-04-13T10:30:00Z" }) { edges { node { slug } } }
      events(filter: { updatedAfter: "2011-01-01T00:00:00Z" }) { totalCount }
      polls(filter: { updatedAfter: "2010-01-01T00:00:00Z" }) { totalCount } }`);
    expect(lists.errors).toBeUndefined();
    expect(lists.data).toMatchObject({
      announcements: { edges: [{ node: { slug: "xen-4-0-feature-list" } }] },
      events: { totalCount: 0 },
      polls: { totalCount: 1 },
    });
    const bad = await app.gql(CHANGES, { after: "WyJjIiwiMjAxMCIsMV0" });
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_CURSOR");
  });

  it(
    "never passes a transaction still running: a later commit waits for it",
    skipUnless(
      backend === "pglite"
        ? "PGlite is one connection: no transaction can run beside another"
        : null,
    ),
    async () => {
      const { cursor } = await sync(null);
      let started!: () => void;
      let release!: () => void;
      const running = new Promise<void>((r) => {
        started = r;
      });
      const held = new Promise<void>((r) => {
        release = r;
      });
      // An editor's transaction touches the issue and stays open…
      const slow = tdb.database.db.transaction(async (tx) => {
        await touchEntries(tx, [2]);
        started();
        await held;
      });
      await running;
      // …while another publishes and commits after it began.
      const quick = (
        await mutate(
          `mutation { createAnnouncement(input: { title: "Quick one", kind: NEWS }) { ${ERRORS} ... on CreateAnnouncementSuccess { announcement { id } } } }`,
          "createAnnouncement",
        )
      ).announcement as { id: string };
      await app.gql(
        `mutation($id: ID!) { publishContent(id: $id) { __typename } }`,
        { id: quick.id },
        editor,
      );
      // The quick commit sits after a position that may still be filled: not yet shown.
      expect((await sync(cursor, {}, true)).seen).toEqual([]);
      release();
      await slow;
      expect((await sync(cursor)).seen.map((c) => c.slug)).toEqual([
        "weekly-newsletter-vol-10-no-15",
        "quick-one",
      ]);
    },
  );
});
