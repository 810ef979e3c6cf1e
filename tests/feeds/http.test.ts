import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { eq, sql } from "drizzle-orm";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnnouncements } from "../../src/content/announcement/writes.js";
import { content } from "../../src/read/table.js";
import { PUBLIC, SITE, TestClock, testApp } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { kids, parseXml, wellFormednessErrors } from "../helpers/xml.js";

const APRIL = [
  ["Weekly Newsletter Vol 10 No 15", "2010-04-13T12:00:00.000Z"],
  ["Xen 4.0 Feature List", "2010-04-13T11:00:00.000Z"],
  ["Xen.org Announces Xen 4.0 Availability", "2010-04-13T10:00:00.000Z"],
  ["Mascot Contest – Vote for your favorite", "2010-04-13T09:00:00.000Z"],
  ["Xen Summit North America at AMD – Agenda Announced", "2010-04-13T08:00:00.000Z"],
];
const NASTY_TITLE = `Q&A: <script>alert("x")</script> & "quotes" ]]> Ξένο 日本語`;

describe.each(backends())("feeds over HTTP on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  const clock = new TestClock(new Date("2026-11-20T00:00:00Z"));

  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb, { clock });
  });
  afterAll(() => tdb.drop());

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await app.fetch(path, { headers });
    return { res, body: await res.text() };
  };

  it("serves every stream in all three formats, well-formed and parseable, with the five April 2010 entries", async () => {
    for (const stream of [
      "all",
      "issues",
      "announcements",
      "events",
      "polls",
      "tags/xen-4-0",
      "all/2010-04",
      "announcements/2010-04",
    ]) {
      const atom = await get(`/feeds/${stream}.atom`);
      expect(atom.res.status, stream).toBe(200);
      expect(atom.res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
      expect(wellFormednessErrors(atom.body)).toEqual([]);
      const rss = await get(`/feeds/${stream}.rss`);
      expect(rss.res.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
      expect(wellFormednessErrors(rss.body)).toEqual([]);
      const json = await get(`/feeds/${stream}.json`);
      expect(json.res.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
      const a = parseAtomFeed(atom.body);
      const r = parseRssFeed(rss.body);
      const j = parseJsonFeed(json.body);
      expect(a.entries?.map((e) => e.title?.value)).toEqual(r.items?.map((i) => i.title));
      expect(j.items?.map((i) => i.title)).toEqual(r.items?.map((i) => i.title));
    }
    const all = parseAtomFeed((await get("/feeds/all.atom")).body);
    expect(all.entries?.map((e) => [e.title?.value, e.published])).toEqual(APRIL);
    const json = JSON.parse((await get("/feeds/all.json")).body);
    expect(json.version).toBe("https://jsonfeed.org/version/1.1");
    expect(
      json.items.map((i: { title: string; date_published: string }) => [i.title, i.date_published]),
    ).toEqual(APRIL);
  });

  it("carries complete, absolute, per-type content", async () => {
    const atom = parseAtomFeed((await get("/feeds/all.atom")).body);
    const byTitle = new Map(atom.entries?.map((e) => [e.title?.value, e]));
    const press = byTitle.get("Xen.org Announces Xen 4.0 Availability");
    expect(press?.content?.value).toContain("<p><strong>CAMBRIDGE, UK, 4/13/2010</strong></p>");
    expect(press?.content?.value).toContain("The explosion of cloud computing in the industry");
    expect(press?.content?.value).toContain("— Ian Pratt, founder and chairman of Xen.org");
    expect(press?.id).toMatch(/^tag:xen\.example\.org,2010:announcement\/\d+$/);
    expect(press?.links?.find((l) => l.rel === "alternate")?.href).toBe(
      `${SITE}/announcements/xen-org-announces-xen-4-0-availability`,
    );
    expect(press?.categories).toEqual([
      { term: "xen-4-0", label: "Xen 4.0", scheme: `${SITE}/tags/` },
    ]);
    expect(press?.rights?.value).toMatch(/^Copyright/);

    const features = byTitle.get("Xen 4.0 Feature List")?.content?.value ?? "";
    expect(features.match(/<li>/g)).toHaveLength(17);
    expect(features).toContain('<a href="http://wiki.xensource.com/xenwiki/XenUSBPassthrough"');

    const issue = byTitle.get("Weekly Newsletter Vol 10 No 15")?.content?.value ?? "";
    expect(issue).toContain("<h2>Xen Members in Action</h2>");
    expect(issue).toContain(
      "<li>Visitors: 31,804</li><li>Page views: 102,722</li><li>Opera: 4.26% of visitors</li>",
    );

    const event =
      byTitle.get("Xen Summit North America at AMD – Agenda Announced")?.content?.value ?? "";
    expect(event).toContain("<strong>When:</strong> April 28 – 29, 2010 (all day)");
    expect(event).toContain("<strong>Where:</strong> AMD");
    expect(event).toContain("<strong>Registration:</strong> 235.00 USD");

    const poll = byTitle.get("Mascot Contest – Vote for your favorite")?.content?.value ?? "";
    // No counts survive from 2010: unknown, as GraphQL says (NOT_RECORDED), never "0 votes".
    expect(poll).toContain("<li>Bonsai Tree</li><li>Panda Bear</li><li>Zen Penguin</li>");
    expect(poll).toContain("<p>The vote counts were not recorded.</p>");
    expect(poll).not.toContain("votes in total");
    expect(poll).toContain("Voting closed April 28, 2010 at 11:59 PM UTC.");
  });

  it("has the elements RFC 4287 and RSS 2.0 require, self/alternate links and RFC 5005 navigation", async () => {
    const tree = parseXml((await get("/feeds/all.atom")).body);
    const A = "http://www.w3.org/2005/Atom";
    for (const name of ["id", "title", "updated", "author"])
      expect(kids(tree, A, name).length, name).toBeGreaterThan(0);
    const links = kids(tree, A, "link").map((l) => `${l.attrs.rel} ${l.attrs.href}`);
    expect(links).toContain(`self ${PUBLIC}/feeds/all.atom`);
    expect(links).toContain(`alternate ${SITE}`);
    expect(links).toContain(`prev-archive ${PUBLIC}/feeds/all/2010-04.atom`);
    for (const entry of kids(tree, A, "entry")) {
      for (const name of ["id", "title", "updated", "link", "content", "summary"])
        expect(kids(entry, A, name).length, name).toBe(1);
    }
    const month = parseXml((await get("/feeds/all/2010-04.atom")).body);
    expect(kids(month, "http://purl.org/syndication/history/1.0", "archive")).toHaveLength(1);
    expect(kids(month, A, "link").map((l) => `${l.attrs.rel} ${l.attrs.href}`)).toContain(
      `current ${PUBLIC}/feeds/all.atom`,
    );

    const rss = parseXml((await get("/feeds/all.rss")).body);
    const channel = kids(rss, "", "channel")[0];
    for (const name of ["title", "link", "description"])
      expect(kids(channel, "", name).length, name).toBe(1);
    expect(kids(channel, A, "link").map((l) => `${l.attrs.rel} ${l.attrs.href}`)).toEqual(
      expect.arrayContaining([
        `self ${PUBLIC}/feeds/all.rss`,
        `prev-archive ${PUBLIC}/feeds/all/2010-04.rss`,
      ]),
    );
    for (const item of kids(channel, "", "item"))
      expect(kids(item, "", "guid")[0]?.attrs.isPermaLink).toBe("false");
  });

  it("answers conditional requests, HEAD, compression and caching headers", async () => {
    const first = await get("/feeds/all.atom");
    const etag = first.res.headers.get("etag") as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.res.headers.get("last-modified")).toBe("Tue, 13 Apr 2010 12:00:00 GMT");
    expect(first.res.headers.get("cache-control")).toBe("public, max-age=60, stale-if-error=86400");
    expect(first.res.headers.get("vary")).toBe("Accept-Encoding");

    const byEtag = await get("/feeds/all.atom", { "if-none-match": etag });
    expect(byEtag.res.status).toBe(304);
    expect(byEtag.body).toBe("");
    expect(byEtag.res.headers.get("etag")).toBe(etag);
    expect(
      (await get("/feeds/all.atom", { "if-none-match": `"other", W/${etag}` })).res.status,
    ).toBe(304);
    expect(
      (await get("/feeds/all.atom", { "if-modified-since": "Tue, 13 Apr 2010 12:00:00 GMT" })).res
        .status,
    ).toBe(304);
    expect(
      (await get("/feeds/all.atom", { "if-modified-since": "Tue, 13 Apr 2010 11:59:59 GMT" })).res
        .status,
    ).toBe(200);
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    expect(
      (
        await get("/feeds/all.atom", {
          "if-none-match": '"stale"',
          "if-modified-since": "Tue, 13 Apr 2030 00:00:00 GMT",
        })
      ).res.status,
    ).toBe(200);

    const head = await app.fetch("/feeds/all.atom", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe(etag);
    expect(head.headers.get("content-length")).toBe(String(Buffer.byteLength(first.body)));
    expect(await head.text()).toBe("");

    const gz = await app.fetch("/feeds/all.atom", { headers: { "accept-encoding": "gzip" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString("utf8")).toBe(first.body);
    const br = await app.fetch("/feeds/all.atom", {
      headers: { "accept-encoding": "gzip;q=0.5, br" },
    });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("etag")).not.toBe(etag);
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString("utf8")).toBe(
      first.body,
    );
    const none = await app.fetch("/feeds/all.atom", {
      headers: { "accept-encoding": "gzip;q=0, br;q=0" },
    });
    expect(none.headers.get("content-encoding")).toBeNull();
    // A compressed representation's ETag still validates.
    expect(
      (await get("/feeds/all.atom", { "if-none-match": br.headers.get("etag") as string })).res
        .status,
    ).toBe(304);
  });

  it("keeps a built document until a change (no SQL on a repeat); FEED_CACHE=off builds every request, same bytes", async () => {
    const headers = { "accept-encoding": "gzip" };
    await get("/feeds/all.atom", headers);
    tdb.sql.reset();
    const cached = await app.fetch("/feeds/all.atom", { headers });
    expect(cached.status).toBe(200);
    expect(tdb.sql.count).toBe(0);

    const uncached = testApp(tdb, { clock, feedCache: false });
    const answers: { etag: string | null; body: Buffer }[] = [];
    for (let i = 0; i < 2; i++) {
      tdb.sql.reset();
      const res = await uncached.app.fetch("/feeds/all.atom", { headers });
      expect(res.status).toBe(200);
      answers.push({ etag: res.headers.get("etag"), body: Buffer.from(await res.arrayBuffer()) });
      expect(tdb.sql.count, `request ${i + 1} builds the feed`).toBeGreaterThan(0);
    }
    expect(answers[1]?.etag).toBe(answers[0]?.etag);
    expect(answers[1]?.body.equals(answers[0]?.body ?? Buffer.alloc(0))).toBe(true);
    expect(answers[0]?.etag).toBe(cached.headers.get("etag"));
    const again = await uncached.app.fetch("/feeds/all.atom", {
      headers: { ...headers, "if-none-match": answers[0]?.etag ?? "" },
    });
    expect(again.status).toBe(304);
    await uncached.app.close();
  });

  it("gives entries permanent tag: ids: no port (RFC 4151), the same whatever the port, or the configured authority", async () => {
    const idsAt = async (options: Parameters<typeof testApp>[1]) => {
      const other = testApp(tdb, { clock, ...options });
      const feed = parseAtomFeed(await (await other.app.fetch("/feeds/all.atom")).text());
      const calendar = await (await other.app.fetch("/feeds/events.ics")).text();
      await other.app.close();
      return { entries: feed.entries?.map((e) => e.id), calendar };
    };
    const local = (port: number) => ({
      urls: { site: `http://localhost:${port}`, public: `http://localhost:${port}` },
    });
    const a = await idsAt(local(4400));
    const b = await idsAt(local(4401));
    expect(a.entries).toHaveLength(5);
    expect(b.entries).toEqual(a.entries);
    for (const id of a.entries ?? []) expect(id).toMatch(/^tag:localhost,2010:[a-z]+\/\d+$/);
    expect(a.calendar).toMatch(/^UID:tag:localhost,2010:event\/\d+\r$/m);
    const pinned = await idsAt({ ...local(4400), feeds: { idAuthority: "news.example.org" } });
    expect(pinned.entries?.[0]).toMatch(/^tag:news\.example\.org,2010:issue\/\d+$/);
  });

  it("answers 404 with a clear body for unknown streams, tags, months and formats, and 405 for other methods", async () => {
    const cases: [string, string][] = [
      [
        "/feeds/nope.rss",
        'Unknown feed stream "nope". Streams: all, issues, announcements, events, polls, or tags/{tag}.',
      ],
      [
        "/feeds/all.xml",
        'Unknown feed format ".xml": use .rss, .atom or .json (or events.ics, events/{slug}.ics).',
      ],
      ["/feeds/tags/no-such-tag.atom", 'No tag "no-such-tag".'],
      ["/feeds/all/2010-05.atom", "Nothing was published in 2010-05 in this feed."],
      [
        "/feeds/all/2010-13.atom",
        "Archive documents are /feeds/all/{yyyy}-{mm}.atom, e.g. 2010-04.",
      ],
      ["/feeds/events/no-such-event.ics", 'No published event "no-such-event".'],
      [
        "/feeds/../etc/passwd",
        "Not found: /etc/passwd. This API serves /graphql, /feeds/…, /admin, /healthz and /readyz.",
      ],
      [
        "/feeds/%2e%2e/all.rss",
        "Not found: /all.rss. This API serves /graphql, /feeds/…, /admin, /healthz and /readyz.",
      ],
      [
        "/feeds/all%2Eatom",
        "No feed at this address. Feeds live at /feeds/{stream}.{rss|atom|json}, stream being all, issues, announcements, events, polls, or tags/{tag}.",
      ],
      [
        "/feeds/tags/Xen%00.rss",
        "No feed at this address. Feeds live at /feeds/{stream}.{rss|atom|json}, stream being all, issues, announcements, events, polls, or tags/{tag}.",
      ],
    ];
    for (const [path, message] of cases) {
      const { res, body } = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(body.trim(), path).toBe(message);
    }
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const res = await app.fetch("/feeds/all.atom", {
        method,
        body: method === "DELETE" ? undefined : "x",
      });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD");
    }
  });

  it("keeps entry ids stable across edits, moves updated, changes the ETag, and reads titles literally", async () => {
    const before = await get("/feeds/announcements.atom");
    const etag = before.res.headers.get("etag") as string;
    const [row] = await tdb.database.db
      .select()
      .from(content)
      .where(eq(content.slug, "xen-4-0-feature-list"));
    const id = row?.id as number;
    const editedAt = new Date("2026-11-19T10:00:00Z");
    // Until the editorial mutations exist, edit the row and announce it as they will.
    const edit = async (title: string, updatedAt: Date | undefined) => {
      await tdb.database.db.update(content).set({ title, updatedAt }).where(eq(content.id, id));
      app.bus.publish({
        kind: "updated",
        type: "announcement",
        id,
        slug: "xen-4-0-feature-list",
        tags: ["xen-4-0"],
        publishedAt: row?.publishedAt ?? null,
        at: editedAt,
      });
    };
    await edit(NASTY_TITLE, editedAt);

    const after = await get("/feeds/announcements.atom", { "if-none-match": etag });
    expect(after.res.status).toBe(200);
    expect(after.res.headers.get("etag")).not.toBe(etag);
    expect(after.res.headers.get("last-modified")).toBe(editedAt.toUTCString());
    const oldEntry = parseAtomFeed(before.body).entries?.find(
      (e) => e.title?.value === "Xen 4.0 Feature List",
    );
    const newEntry = parseAtomFeed(after.body).entries?.find((e) => e.id === oldEntry?.id);
    expect(newEntry?.title?.value).toBe(NASTY_TITLE);
    expect(newEntry?.updated).toBe(editedAt.toISOString());
    expect(parseRssFeed((await get("/feeds/announcements.rss")).body).items?.[0]?.title).toBe(
      NASTY_TITLE,
    );
    expect(JSON.parse((await get("/feeds/announcements.json")).body).items[0].title).toBe(
      NASTY_TITLE,
    );
    await edit("Xen 4.0 Feature List", row?.updatedAt);
  });

  it("never shows drafts; shows an embargoed announcement at its second and not one before, in every document", async () => {
    const due = new Date("2026-11-20T12:00:00Z");
    await createAnnouncements(tdb.database.db, [
      { slug: "draft-news", title: "Draft news", kind: "news", status: "draft", tags: ["xen-4-0"] },
      {
        slug: "embargoed-news",
        title: "Embargoed news",
        kind: "press_release",
        status: "scheduled",
        publishedAt: due,
        tags: ["xen-4-0"],
      },
    ]);
    // Scheduled two hours before it comes out (the rows were written at the real time).
    await tdb.database.db
      .update(content)
      .set({ updatedAt: new Date(due.getTime() - 7_200_000) })
      .where(sql`${content.slug} in ('draft-news', 'embargoed-news')`);
    // What the editorial side does after scheduling (issue 5): announce the change.
    app.bus.publish({
      kind: "updated",
      type: "announcement",
      id: 0,
      slug: "embargoed-news",
      tags: ["xen-4-0"],
      publishedAt: due,
      at: due,
    });
    const docs = [
      "/feeds/all.atom",
      "/feeds/announcements.rss",
      "/feeds/tags/xen-4-0.json",
      "/feeds/all/2026-11.atom",
      "/feeds/announcements/2026-11.rss",
    ];
    const titlesAt = async (at: Date) => {
      clock.set(at.toISOString());
      const out: string[] = [];
      for (const doc of docs) {
        const { res, body } = await get(doc);
        out.push(
          `${doc} ${res.status} ${body.includes("Embargoed news")} ${body.includes("Draft news")}`,
        );
      }
      return out;
    };
    // Read before the embargo (this also fills the cache), one second before, then at the second.
    const early = await titlesAt(new Date(due.getTime() - 3_600_000));
    expect(early.filter((l) => l.includes(" true"))).toEqual([]);
    // One lifetime whatever is scheduled: the due second of an embargo is not readable.
    const cacheControl = (await get("/feeds/all.atom")).res.headers.get("cache-control");
    expect(cacheControl).toBe("public, max-age=60, stale-if-error=86400");
    const lastModifiedBefore = (await get("/feeds/all.atom")).res.headers.get("last-modified");
    const justBefore = await titlesAt(new Date(due.getTime() - 1_000));
    expect(justBefore.filter((l) => l.includes(" true "))).toEqual([]);
    expect((await get("/feeds/all.atom")).res.headers.get("cache-control")).toBe(cacheControl);
    const atDue = await titlesAt(due);
    expect(atDue).toEqual(docs.map((d) => `${d} 200 true false`));

    // The entry is new to readers at its release: <updated> is not before <published>, and
    // the document's Last-Modified moved to that second.
    const released = await get("/feeds/all.atom");
    const entry = parseAtomFeed(released.body).entries?.find(
      (e) => e.title?.value === "Embargoed news",
    );
    expect(entry?.published).toBe(due.toISOString());
    expect(entry?.updated).toBe(due.toISOString());
    const lastModifiedAtDue = released.res.headers.get("last-modified") as string;
    expect(lastModifiedAtDue).toBe(due.toUTCString());
    expect(lastModifiedBefore).not.toBe(lastModifiedAtDue);
    expect(
      (await get("/feeds/all.atom", { "if-modified-since": lastModifiedBefore ?? "" })).res.status,
    ).toBe(200);

    // Removing it changes the document again: Last-Modified moves forward, not back to the
    // newest remaining entry (2010), so a reader sending only If-Modified-Since gets the change.
    clock.set(new Date(due.getTime() + 60_000).toISOString());
    await tdb.database.db
      .delete(content)
      .where(sql`${content.slug} in ('draft-news', 'embargoed-news')`);
    app.bus.publish({
      kind: "deleted",
      type: "announcement",
      id: 0,
      slug: "embargoed-news",
      tags: ["xen-4-0"],
      publishedAt: due,
      at: due,
    });
    const removed = await get("/feeds/all.atom", { "if-modified-since": lastModifiedAtDue });
    expect(removed.res.status).toBe(200);
    expect(removed.body).not.toContain("Embargoed news");
    const lastModifiedAfter = new Date(removed.res.headers.get("last-modified") ?? 0);
    expect(lastModifiedAfter.toISOString()).toBe(new Date(due.getTime() + 1_000).toISOString());
    expect(parseAtomFeed(removed.body).updated).toBe(lastModifiedAfter.toISOString());
    // Asked again, unchanged: the same validators.
    const again = await get("/feeds/all.atom");
    expect(again.res.headers.get("last-modified")).toBe(lastModifiedAfter.toUTCString());
    expect(again.res.headers.get("etag")).toBe(removed.res.headers.get("etag"));
    clock.set("2026-11-20T00:00:00Z");
  });
});
