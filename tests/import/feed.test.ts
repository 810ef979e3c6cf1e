import { copyFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openUrl } from "../../src/import/fetch.js";
import { testApp } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { FIXTURES, importFeedFrom, variant } from "./helpers.js";

const TITLES = `{ timeline(first: 20) { totalCount edges { node { __typename title publishedAt tags { slug } authors { name } } } } }`;

describe.each(backends())("feed import on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
    app = testApp(tdb);
  });
  afterAll(() => tdb.drop());

  it("RSS 2.0 with RFC 5005 archives: every page followed, --max-pages respected", async () => {
    const limited = await importFeedFrom(tdb.database.db, app.bus, join(FIXTURES, "feed.rss"), {
      maxPages: 2,
    });
    expect(limited.documents).toBe(2);
    expect(limited.created).toEqual({ announcement: { published: 2 }, issue: { published: 1 } });
    expect(limited.warnings.map((w) => w.message)).toEqual([
      "stopped after 2 documents (--max-pages); older archives not read",
    ]);
    const all = await importFeedFrom(tdb.database.db, app.bus, join(FIXTURES, "feed.rss"));
    expect(all.documents).toBe(3);
    expect(all.source).toBe("feed:https://planet.xen.example.org/");
    expect(all.created).toEqual({ event: { published: 1 } });
    expect(all.unchanged).toBe(3);
    const { data } = await app.gql(TITLES);
    expect(data?.timeline).toEqual({
      totalCount: 4,
      edges: [
        {
          node: {
            __typename: "Issue",
            title: "Weekly Newsletter Vol 10 No 16",
            publishedAt: "2010-04-23T12:00:00.000Z",
            tags: [{ slug: "newsletter" }],
            authors: [],
          },
        },
        {
          node: {
            __typename: "Announcement",
            title: "Xen 4.0 packages for Debian",
            publishedAt: "2010-04-15T14:30:00.000Z",
            tags: [{ slug: "debian" }, { slug: "packaging" }],
            authors: [{ name: "Christoph Egger" }],
          },
        },
        {
          node: {
            __typename: "Announcement",
            title: "Xen 4.0 release candidate 8",
            publishedAt: "2010-03-30T09:00:00.000Z",
            tags: [{ slug: "releases" }],
            authors: [{ name: "Keir Fraser" }],
          },
        },
        {
          node: {
            __typename: "Event",
            title: "Xen.org at FOSDEM",
            publishedAt: "2010-02-07T10:00:00.000Z",
            tags: [{ slug: "events" }],
            authors: [],
          },
        },
      ],
    });
    const again = await importFeedFrom(tdb.database.db, app.bus, join(FIXTURES, "feed.rss"));
    expect(again.created).toEqual({});
    expect(again.updated).toEqual({});
    expect(again.unchanged).toBe(4);
  });

  it("an archive page that is not well-formed rolls back the pages read before it", async () => {
    const before = await app.gql(`{ timeline(first: 1) { totalCount } }`);
    const feed = variant("feed.rss", [["Xen 4.0 packages for Debian", "Xen 4.0 packages (new)"]]);
    const archive = variant("feed-2010-03.rss", [["</channel>", "</chanel>"]]);
    copyFileSync(archive, join(feed, "..", "feed-2010-03.rss"));
    await expect(importFeedFrom(tdb.database.db, app.bus, feed)).rejects.toThrow(
      /feed-2010-03\.rss:\d+:\d+: unexpected close tag/,
    );
    const after = await app.gql(`{ timeline(first: 1) { totalCount } }`);
    expect(after.data).toEqual(before.data);
    const title = await app.gql(`{ announcement(slug: "xen-4-0-packages-for-debian") { title } }`);
    expect(title.data).toEqual({ announcement: { title: "Xen 4.0 packages for Debian" } });
  });

  it("Atom 1.0 with an archive page: ids, dates with offsets, xhtml content, a changed entry updated", async () => {
    const report = await importFeedFrom(tdb.database.db, app.bus, join(FIXTURES, "feed.atom"));
    expect(report.source).toBe("feed:urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6");
    expect(report.created).toEqual({ announcement: { published: 2 } });
    const { data } = await app.gql(
      `{ announcement(slug: "xenpcipassthrough-and-vtdhowto-updated") { title publishedAt summary body { markdown } sourceUrl } }`,
    );
    expect(data?.announcement).toEqual({
      title: "XenPCIpassthrough & VTdHowTo updated",
      publishedAt: "2010-04-19T06:15:00.000Z",
      summary: "Passthrough pages brought up to date.",
      body: { markdown: "The _XenPCIpassthrough_ page now covers Xen 4.0." },
      sourceUrl: "https://wiki.xen.example.org/XenPCIpassthrough",
    });
    const dir = variant("feed.atom", [["now covers Xen 4.0", "now covers Xen 4.1"]]);
    variantBeside(dir);
    const changed = await importFeedFrom(tdb.database.db, app.bus, dir);
    expect(changed.updated).toEqual({ announcement: { published: 1 } });
    expect(changed.unchanged).toBe(1);
  });
});

/** The changed Atom feed's archive page beside it (its prev-archive link is relative). */
function variantBeside(feedPath: string) {
  copyFileSync(join(FIXTURES, "feed-2010-03.atom"), join(feedPath, "..", "feed-2010-03.atom"));
}

describe("feed URLs", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/loop-a") res.writeHead(302, { location: "/loop-b" }).end();
      else if (req.url === "/loop-b") res.writeHead(302, { location: "/loop-a" }).end();
      else if (req.url === "/page")
        res
          .writeHead(200, { "content-type": "text/html; charset=utf-8" })
          .end("<!doctype html><p>hi</p>");
      else if (req.url === "/slow") setTimeout(() => res.end(), 3_000);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("a redirect loop is named", async () => {
    await expect(openUrl(`${base}/loop-a`, { timeoutMs: 2_000 })).rejects.toThrow(
      `redirect loop: ${base}/loop-a → ${base}/loop-b → ${base}/loop-a`,
    );
  });
  it("an HTML page is refused, saying what to give instead", async () => {
    await expect(openUrl(`${base}/page`, { timeoutMs: 2_000 })).rejects.toThrow(
      /is an HTML page \(text\/html\), not a feed: give the feed's own URL/,
    );
  });
  it("an HTTP error and a timeout are said plainly", async () => {
    await expect(openUrl(`${base}/missing`, { timeoutMs: 2_000 })).rejects.toThrow(
      `${base}/missing: HTTP 404 Not Found`,
    );
    await expect(openUrl(`${base}/slow`, { timeoutMs: 300 })).rejects.toThrow(
      `${base}/slow: no answer within 0.3 s`,
    );
  });
});
