import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSynthetic } from "../../seeds/synthetic.js";
import { PUBLIC, TestClock, testApp } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { kids, parseXml } from "../helpers/xml.js";

describe.each(backends())("RFC 5005 archives and feed discovery on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    await seedSynthetic(tdb.database.db, { count: 60, seed: 2 });
    app = testApp(tdb, {
      clock: new TestClock(new Date("2026-11-20T00:00:00Z")),
      feeds: { itemLimit: 20 },
    });
  });
  afterAll(() => tdb.drop());

  const atom = async (url: string) => {
    const res = await app.fetch(url.replace(PUBLIC, ""));
    expect(res.status, url).toBe(200);
    return parseAtomFeed(await res.text());
  };
  const link = (feed: { links?: { rel?: string; href?: string }[] }, rel: string) =>
    feed.links?.find((l) => l.rel === rel)?.href;

  const OPEN_MONTH = "2026-11"; // the test clock's month: not closed, so not an archive

  it("walks from the subscription feed back through every closed month: with the feed, every published entry exactly once", async () => {
    const total =
      (await app.gql<{ timeline: { totalCount: number } }>("{ timeline { totalCount } }")).data
        ?.timeline.totalCount ?? 0;
    const current = await atom("/feeds/all.atom");
    expect(current.entries).toHaveLength(20);
    const openEntries = (current.entries ?? []).filter((e) => e.published?.startsWith(OPEN_MONTH));
    expect(openEntries.length).toBeGreaterThan(0);
    expect(link(current, "prev-archive")).toBe(`${PUBLIC}/feeds/all/2026-10.atom`);
    const seen = new Map<string, string>();
    let url = link(current, "prev-archive");
    let newer: string | undefined;
    let months = 0;
    while (url) {
      const doc = await atom(url);
      months++;
      expect(link(doc, "current")).toBe(`${PUBLIC}/feeds/all.atom`);
      expect(link(doc, "next-archive")).toBe(newer);
      for (const entry of doc.entries ?? []) {
        expect(seen.has(entry.id as string), `${entry.id} twice`).toBe(false);
        seen.set(entry.id as string, url);
        // Each archive document holds exactly its own month.
        expect(entry.published?.slice(0, 7)).toBe(url.slice(-12, -5));
      }
      newer = url;
      url = link(doc, "prev-archive");
    }
    // Archives hold every closed month; the open month's entries are in the subscription feed.
    expect(seen.size + openEntries.length).toBe(total);
    expect(months).toBeGreaterThan(12);
    for (const entry of current.entries ?? [])
      expect(seen.has(entry.id as string)).toBe(!entry.published?.startsWith(OPEN_MONTH));

    // The open month is served for browsing, but as no archive: no fh:archive, no neighbours.
    const open = await app.fetch(`/feeds/all/${OPEN_MONTH}.atom`);
    expect(open.status).toBe(200);
    const openXml = await open.text();
    expect(openXml).not.toContain("fh:archive");
    const openDoc = parseAtomFeed(openXml);
    expect(link(openDoc, "current")).toBe(`${PUBLIC}/feeds/all.atom`);
    expect(link(openDoc, "prev-archive")).toBeUndefined();
    expect(link(openDoc, "next-archive")).toBeUndefined();
    const newestArchive = await app.fetch("/feeds/all/2026-10.atom");
    const newestXml = await newestArchive.text();
    expect(newestXml).toContain("<fh:archive/>");
    expect(link(parseAtomFeed(newestXml), "next-archive")).toBeUndefined();
  });

  it("walks the same archive in RSS and JSON Feed (JSON pages through next_url)", async () => {
    // RSS carries RFC 5005 links as atom:link elements in the channel.
    const prevArchive = (xml: string) =>
      kids(kids(parseXml(xml), "", "channel")[0], "http://www.w3.org/2005/Atom", "link").find(
        (l) => l.attrs.rel === "prev-archive",
      )?.attrs.href;
    const rssCount = async () => {
      let url = prevArchive(await (await app.fetch("/feeds/issues.rss")).text());
      let n = 0;
      while (url) {
        const body = await (await app.fetch(url.replace(PUBLIC, ""))).text();
        n += parseRssFeed(body).items?.length ?? 0;
        url = prevArchive(body);
      }
      return n;
    };
    // 61 issues: one a week, the newest in the open month (only in the subscription feed).
    const openIssues = ((await atom("/feeds/issues.atom")).entries ?? []).filter((e) =>
      e.published?.startsWith(OPEN_MONTH),
    ).length;
    expect(openIssues).toBe(1);
    expect(await rssCount()).toBe(61 - openIssues);
    let url: string | undefined = "/feeds/issues.json";
    let n = -20 + openIssues;
    while (url) {
      const feed: ReturnType<typeof parseJsonFeed> = parseJsonFeed(
        await (await app.fetch(url.replace(PUBLIC, ""))).text(),
      );
      n += feed.items?.length ?? 0;
      url = feed.next_url;
    }
    expect(n).toBe(61);
  });

  it("lists every feed for discovery, and tells each entry and list which feeds cover it", async () => {
    const r = await app.gql<{
      feeds: { title: string; url: string; format: string; stream: string; mediaType: string }[];
      issues: {
        feeds: { url: string }[];
        edges: { node: { feeds: { url: string; format: string }[] } }[];
      };
      timeline: { feeds: { url: string }[] };
      events: { edges: { node: { feeds: { url: string; format: string }[] } }[] };
      search: { feeds: unknown[] };
    }>(`{
      feeds { title url format stream mediaType }
      issues(first: 1) { feeds { url } edges { node { feeds { url format } } } }
      timeline(first: 1, filter: { tag: "xen-4-0" }) { feeds { url } }
      events(first: 1) { edges { node { feeds { url format } } } }
      search(query: "xen") { feeds { url } }
    }`);
    expect(r.errors).toBeUndefined();
    const feeds = r.data?.feeds ?? [];
    expect(feeds.slice(0, 3)).toEqual([
      {
        title: "Everything (Atom)",
        url: `${PUBLIC}/feeds/all.atom`,
        format: "ATOM",
        stream: "all",
        mediaType: "application/atom+xml",
      },
      {
        title: "Everything (RSS)",
        url: `${PUBLIC}/feeds/all.rss`,
        format: "RSS",
        stream: "all",
        mediaType: "application/rss+xml",
      },
      {
        title: "Everything (JSON Feed)",
        url: `${PUBLIC}/feeds/all.json`,
        format: "JSON",
        stream: "all",
        mediaType: "application/feed+json",
      },
    ]);
    expect(feeds.map((f) => f.url)).toEqual(
      expect.arrayContaining([
        `${PUBLIC}/feeds/polls.rss`,
        `${PUBLIC}/feeds/events.ics`,
        `${PUBLIC}/feeds/tags/xen-4-0.json`,
      ]),
    );
    for (const f of feeds.filter((f) => f.format !== "ICAL")) {
      expect((await app.fetch(f.url.replace(PUBLIC, ""))).status, f.url).toBe(200);
    }
    expect(r.data?.issues.feeds.map((f) => f.url)).toEqual([
      `${PUBLIC}/feeds/issues.atom`,
      `${PUBLIC}/feeds/issues.rss`,
      `${PUBLIC}/feeds/issues.json`,
    ]);
    expect(r.data?.issues.edges[0]?.node.feeds.map((f) => f.url)).toContain(
      `${PUBLIC}/feeds/issues.atom`,
    );
    expect(r.data?.timeline.feeds[0]?.url).toBe(`${PUBLIC}/feeds/tags/xen-4-0.atom`);
    expect(r.data?.events.edges[0]?.node.feeds.some((f) => f.format === "ICAL")).toBe(true);
    expect(r.data?.search.feeds).toEqual([]);
  });
});
