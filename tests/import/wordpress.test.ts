import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppEvent } from "../../src/bus/events.js";
import { testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { FIXTURES, importWordPress, variant } from "./helpers.js";

const WXR = join(FIXTURES, "wordpress.xml");

const ENTRY = `query($slug: String!) { announcement(slug: $slug) { title slug publishedAt summary sourceUrl
  tags { slug name } authors { slug name } body { markdown } coverImage { url } } }`;

describe.each(backends())("WordPress import on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;
  const heard: AppEvent[] = [];
  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
    app = testApp(tdb);
    app.bus.subscribe((e) => {
      heard.push(e);
    });
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
    // An editor's own entry holds the slug the WordPress page "about" wants.
    const made = await app.gql(
      `mutation { createAnnouncement(input: { title: "About us", slug: "about", kind: NEWS }) {
        __typename } }`,
      {},
      editor,
    );
    expect(made.data).toEqual({ createAnnouncement: { __typename: "CreateAnnouncementSuccess" } });
  });
  afterAll(() => tdb.drop());

  it("imports posts and pages as entries, with dates, tags, bylines, bodies and covers", async () => {
    const report = await importWordPress(tdb.database.db, app.bus, WXR);
    expect(report.created).toEqual({
      announcement: { published: 3, draft: 2, scheduled: 1 },
      issue: { published: 1 },
      event: { published: 1 },
    });
    expect(report.skipped.map((s) => [s.id, s.reason.split(",")[0]])).toEqual([
      ["105", "an issue needs a volume and a number"],
      ["109", 'status "trash" is not imported'],
    ]);
    expect(report.notEntries).toEqual({ attachments: 1, comments: 2, "menu items": 1 });
    expect(report.renamedSlugs).toEqual([
      { id: "102", wanted: "xen-4-0-feature-list", slug: "xen-4-0-feature-list-2" },
      { id: "2", wanted: "about", slug: "about-2" },
    ]);
    expect(report.warnings.map((w) => `${w.id}: ${w.message}`)).toEqual([
      "101: unknown shortcode [contact-form-7] removed (its content kept)",
      "101: dropped <iframe> (readers would not get it)",
      "102: no wp:post_date_gmt: wp:post_date read as UTC",
      "104: event: start and end set to the post's publication time (placeholder)",
    ]);
    // Announced once for the whole import, not once per entry: once per type touched, as
    // the internal kind partners never hear.
    expect(heard.map((e) => ("type" in e ? `${e.kind} ${e.type}` : e.kind))).toEqual([
      "shared-data-changed",
      "scheduled announcement",
      "scheduled issue",
      "scheduled event",
    ]);

    const { data } = await app.gql(ENTRY, { slug: "xen-4-0-feature-list" });
    expect(data?.announcement).toEqual({
      title: "Xen 4.0 Feature List",
      slug: "xen-4-0-feature-list",
      publishedAt: "2010-04-13T08:00:00.000Z",
      summary: "Everything new in Xen 4.0.",
      sourceUrl: "https://blog.xen.example.org/2010/04/xen-4-0-feature-list/",
      tags: [{ slug: "xen-4-0", name: "Xen 4.0" }],
      authors: [{ slug: "stephen", name: "Stephen Spector" }],
      body: {
        markdown:
          "![](https://blog.xen.example.org/wp-content/uploads/2010/04/panda.png)\n\n" +
          "Xen 4.0 ships with **many** new features, see [blktap2](https://blog.xen.example.org/wiki/blktap2).\n\n" +
          "-   Blktap2 disk backend\n-   PCI passthrough\n\nAnd more..",
      },
      coverImage: { url: "https://blog.xen.example.org/wp-content/uploads/2010/04/panda.png" },
    });
    const press = await app.gql(ENTRY, { slug: "xen-4-0-feature-list-2" });
    expect(press.data?.announcement).toMatchObject({
      title: "Xen.org Announces Xen 4.0 Availability",
      publishedAt: "2010-04-13T10:30:00.000Z",
      authors: [
        { slug: "ian-pratt", name: "Ian Pratt" },
        { slug: "stephen", name: "Stephen Spector" },
      ],
      tags: [
        { slug: "press", name: "Press" },
        { slug: "xen-4-0", name: "Xen 4.0" },
      ],
    });
    const body = (press.data as { announcement: { body: { markdown: string } } }).announcement.body
      .markdown;
    expect(body).toBe(
      "CAMBRIDGE, UK, 4/13/2010 – Xen.org announced the availability of Xen 4.0.\n\n" +
        "[![Panda Bear](https://blog.xen.example.org/wp-content/uploads/2010/04/panda.png)](https://blog.xen.example.org/panda)\n\n" +
        "The panda finalist\n\n" +
        '"Xen 4.0 is our best release yet," said Ian Pratt.\\\nFounder and chairman of Xen.org.\n\n' +
        "![](https://blog.xen.example.org/wp-content/uploads/2010/04/panda.png)",
    );
    const issue = await app.gql(
      `{ issue(volume: 10, number: 15) { title publishedAt summary intro { markdown } tags { slug } } }`,
    );
    expect(issue.data?.issue).toEqual({
      title: "Weekly Newsletter Vol 10 No 15",
      publishedAt: "2010-04-16T12:00:00.000Z",
      summary: "This week in Xen.",
      intro: { markdown: "## Xen News\n\nXen 4.0 is out." },
      tags: [{ slug: "newsletter" }],
    });
    const event = await app.gql(
      `{ event(slug: "xen-summit-agenda") { title startsAt endsAt authors { name } } }`,
    );
    expect(event.data?.event).toEqual({
      title: "Xen Summit North America at AMD – Agenda Announced",
      startsAt: "2010-04-20T15:00:00.000Z",
      endsAt: "2010-04-20T15:00:00.000Z",
      authors: [{ name: "Ian Pratt" }],
    });
    // Readers see the published ones only: not the drafts, not the scheduled roadmap.
    const timeline = await app.gql(
      `{ timeline(first: 20) { totalCount edges { node { slug } } } }`,
    );
    expect(timeline.data?.timeline).toEqual({
      totalCount: 5,
      edges: [
        { node: { slug: "xen-summit-agenda" } },
        { node: { slug: "weekly-newsletter-vol-10-no-15" } },
        { node: { slug: "xen-4-0-feature-list-2" } },
        { node: { slug: "xen-4-0-feature-list" } },
        { node: { slug: "about-2" } },
      ],
    });
    // Sites that sync through `changes` see every published entry of the import.
    const changes = await app.gql(`{ changes(first: 50) { totalCount } }`);
    expect(changes.data).toEqual({ changes: { totalCount: 5 } });
    const rss = await (await app.fetch("/feeds/all.rss")).text();
    expect(rss).toContain("<title>Xen 4.0 Feature List</title>");
    expect(rss).toContain("Tue, 13 Apr 2010 08:00:00 GMT");
    expect(rss).not.toContain("Xen 5.0 roadmap");
  });

  it("a second import of the same export changes nothing", async () => {
    heard.length = 0;
    const report = await importWordPress(tdb.database.db, app.bus, WXR);
    expect(report.created).toEqual({});
    expect(report.updated).toEqual({});
    expect(report.unchanged).toBe(8);
    expect(report.renamedSlugs).toEqual([]);
    expect(heard).toEqual([]);
  });

  it("--dry-run reports what would change and writes nothing", async () => {
    const changed = variant("wordpress.xml", [
      ["Xen 4.0 Feature List</title>", "Xen 4.0 Features</title>"],
    ]);
    const report = await importWordPress(tdb.database.db, app.bus, changed, { dryRun: true });
    expect(report.updated).toEqual({ announcement: { published: 1 } });
    // Nothing was written: the same dry run finds the same change to make.
    const again = await importWordPress(tdb.database.db, app.bus, changed, { dryRun: true });
    expect(again.updated).toEqual({ announcement: { published: 1 } });
    expect(again.unchanged).toBe(7);
    const { data } = await app.gql(ENTRY, { slug: "xen-4-0-feature-list" });
    expect((data as { announcement: { title: string } }).announcement.title).toBe(
      "Xen 4.0 Feature List",
    );
  });

  it("a changed source updates the entries the import made, never an editor's", async () => {
    // An editor changes one imported entry: the import must leave it alone from now on.
    const list = await app.gql(`{ announcement(slug: "about-2") { id } }`);
    const id = (list.data as { announcement: { id: string } }).announcement.id;
    const edit = await app.gql(
      `mutation($id: ID!) { updateAnnouncement(id: $id, patch: { title: "About Xen (edited)" }) { __typename } }`,
      { id },
      editor,
    );
    expect(edit.data).toEqual({ updateAnnouncement: { __typename: "UpdateAnnouncementSuccess" } });
    const changed = variant("wordpress.xml", [
      ["Xen 4.0 Feature List</title>", "Xen 4.0 Features</title>"],
      ["The Xen hypervisor project.", "The Xen hypervisor project, changed."],
    ]);
    heard.length = 0;
    const report = await importWordPress(tdb.database.db, app.bus, changed);
    expect(report.updated).toEqual({ announcement: { published: 1 } });
    expect(report.unchanged).toBe(6);
    expect(heard.map((e) => ("slug" in e ? `${e.kind} ${e.slug}` : e.kind))).toEqual([
      "shared-data-changed",
      "scheduled xen-4-0-feature-list",
    ]);
    expect(report.skipped.map((s) => s.reason)).toContain(
      "announcement about-2 was changed in the archive since it was imported: left as it is",
    );
    const { data } = await app.gql(ENTRY, { slug: "xen-4-0-feature-list" });
    expect((data as { announcement: { title: string } }).announcement.title).toBe(
      "Xen 4.0 Features",
    );
    const mine = await app.gql(
      `{ a: announcement(slug: "about") { title } b: announcement(slug: "about-2") { title } }`,
      {},
      editor,
    );
    expect(mine.data).toEqual({ a: { title: "About us" }, b: { title: "About Xen (edited)" } });
  });

  it("malformed XML fails with line and column, and nothing is imported", async () => {
    const broken = variant("wordpress.xml", [
      ["<wp:post_id>104</wp:post_id>", "<wp:post_id>104</wp:post>"],
    ]);
    const before = await app.gql(`{ timeline(first: 1) { totalCount } }`);
    await expect(importWordPress(tdb.database.db, app.bus, broken)).rejects.toThrow(
      /wordpress\.xml:\d+:\d+: unexpected close tag/,
    );
    const after = await app.gql(`{ timeline(first: 1) { totalCount } }`);
    expect(after.data).toEqual(before.data);
  });
});

describe.each(backends())("WordPress import refusals on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
    app = testApp(tdb);
  });
  afterAll(() => tdb.drop());

  const count = async () =>
    (await app.gql<{ timeline: { totalCount: number } }>(`{ timeline(first: 1) { totalCount } }`))
      .data?.timeline.totalCount;

  it("a document broken late (after posts were read) imports nothing: one transaction", async () => {
    // Well-formed up to the last item: the first pass finds it before anything is written,
    // and the import's transaction would roll back anyway.
    const broken = variant("wordpress.xml", [["</channel>", "</chanel>"]]);
    await expect(importWordPress(tdb.database.db, app.bus, broken)).rejects.toThrow(/:\d+:\d+: /);
    expect(await count()).toBe(0);
  });

  it("billion laughs: refused for its DOCTYPE, nothing expanded", async () => {
    await expect(
      importWordPress(tdb.database.db, app.bus, join(FIXTURES, "billion-laughs.xml")),
    ).rejects.toThrow(
      /billion-laughs\.xml:\d+:\d+: refused: the document has a DOCTYPE declaration/,
    );
    expect(await count()).toBe(0);
  });

  it("external entities (XXE): refused for its DOCTYPE, no file read", async () => {
    await expect(
      importWordPress(tdb.database.db, app.bus, join(FIXTURES, "xxe.xml")),
    ).rejects.toThrow(/xxe\.xml:\d+:\d+: refused: the document has a DOCTYPE declaration/);
    expect(await count()).toBe(0);
  });

  it("a WXR 1.1 export (the older namespace) imports like 1.2", async () => {
    const older = variant("wordpress.xml", [
      ["http://wordpress.org/export/1.2/", "http://wordpress.org/export/1.1/"],
      ["<wp:wxr_version>1.2</wp:wxr_version>", "<wp:wxr_version>1.1</wp:wxr_version>"],
    ]);
    const report = await importWordPress(tdb.database.db, app.bus, older);
    expect(report.created).toEqual({
      announcement: { published: 3, draft: 2, scheduled: 1 },
      issue: { published: 1 },
      event: { published: 1 },
    });
    expect(await count()).toBe(5);
  });

  it("an item the database refuses (an issue number taken) is skipped, the rest imported", async () => {
    const twice = variant("wordpress.xml", [
      [
        "<title>Newsletter without a number</title>",
        "<title>Weekly Newsletter Vol 10 No 15 (again)</title>",
      ],
      ["https://blog.xen.example.org", "https://other.example.org"],
    ]);
    const report = await importWordPress(tdb.database.db, app.bus, twice);
    expect(report.skipped).toContainEqual({
      id: "105",
      title: "Weekly Newsletter Vol 10 No 15 (again)",
      reason: "refused: input.volume: an issue with this volume and number already exists",
    });
    expect(report.created.announcement).toEqual({ published: 3, draft: 2, scheduled: 1 });
  });
});
