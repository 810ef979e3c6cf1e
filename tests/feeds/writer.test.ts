import { Feed } from "feed";
import { parseAtomFeed, parseFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FeedDocument, FeedEntry } from "../../src/feeds/model.js";
import { FEED_CONTENT_TYPES, renderFeed } from "../../src/feeds/writer.js";
import type { FeedFormat } from "../../src/read/urls.js";
import { kids, parseXml, wellFormednessErrors } from "../helpers/xml.js";

const NS = {
  atom: "http://www.w3.org/2005/Atom",
  dc: "http://purl.org/dc/elements/1.1/",
  fh: "http://purl.org/syndication/history/1.0",
};

/** Everything a title or body may hold: markup, entities, quotes, CDATA ends, controls, scripts. */
const NASTY =
  `Fish & <b>Chips</b> &amp; &lt; "double" 'single' ]]> one ]]> two ]]]]> x` +
  "\u0000\u0001\u0008\u000B\u000C\u000E\u001F\uFFFE\uFFFF|a\uD800b\uDC00c|\r\n\t|" +
  " Ξένο 日本語 😀";
/** NASTY as every reader must see it: only the characters XML cannot carry are gone. */
const NASTY_CLEAN =
  `Fish & <b>Chips</b> &amp; &lt; "double" 'single' ]]> one ]]> two ]]]]> x` +
  "|abc|\r\n\t| Ξένο 日本語 😀";
const LABEL = `Q&A <"tips"> ]]> 'n' Ξ`;

const UPDATED = new Date("2024-03-01T10:00:00Z");

function makeEntry(n: number, overrides: Partial<FeedEntry> = {}): FeedEntry {
  return {
    id: `tag:news.example,2024:issue-${n}`,
    title: `Issue ${n}`,
    url: `https://news.example/issues/${n}?ref=feed&x=1`,
    summary: `Summary ${n}`,
    contentHtml: `<p>Body of issue ${n} &amp; more</p>`,
    published: new Date(Date.UTC(2024, 1, n, 8, 30)),
    updated: new Date(Date.UTC(2024, 1, n, 9, 45)),
    authors: [{ name: `Writer ${n}`, url: "https://news.example/people/w" }],
    categories: [{ term: "civic", label: "Civic", scheme: "https://news.example/tags/civic" }],
    enclosures: [],
    ...overrides,
  };
}

function makeDoc(overrides: Partial<FeedDocument> = {}): FeedDocument {
  return {
    id: "https://news.example/feed",
    title: "Neighbourhood News",
    description: "Weekly news & notes",
    language: "en",
    siteUrl: "https://news.example/",
    selfUrl: "https://news.example/feed.xml",
    updated: UPDATED,
    generator: {
      name: "newsletter-content-api",
      version: "0.1.0",
      url: "https://news.example/about",
    },
    authors: [{ name: "The Editors", email: "editors@news.example" }],
    hubs: [],
    archive: { isArchive: false },
    entries: [makeEntry(3), makeEntry(1), makeEntry(2)],
    ...overrides,
  };
}

const ARCHIVE_LINKS = {
  current: "https://news.example/feed.xml",
  prevArchive: "https://news.example/feed/archive/1.xml?a=1&b=2",
  nextArchive: "https://news.example/feed/archive/3.xml",
};

/** Code points outside XML 1.0 `Char` in a string, or in every string inside parsed JSON. */
function nonXmlChars(value: unknown): number[] {
  if (typeof value === "string") {
    return [...value]
      .map((ch) => ch.codePointAt(0) ?? 0)
      .filter(
        (cp) =>
          !(cp === 0x9 || cp === 0xa || cp === 0xd) &&
          (cp < 0x20 || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff),
      );
  }
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(nonXmlChars);
  return [];
}

/** Renders, checks well-formedness (XML) and that the string survives UTF-8 (no lone surrogates). */
function render(doc: FeedDocument, format: FeedFormat): string {
  const out = renderFeed(doc, format);
  expect(Buffer.from(out, "utf8").toString("utf8")).toBe(out);
  if (format !== "json") expect(wellFormednessErrors(out)).toEqual([]);
  return out;
}

function atomOf(doc: FeedDocument) {
  const xml = render(doc, "atom");
  return { xml, tree: parseXml(xml), feed: parseAtomFeed(xml) };
}

function rssOf(doc: FeedDocument) {
  const xml = render(doc, "rss");
  const tree = parseXml(xml);
  return { xml, channel: kids(tree, "", "channel")[0], feed: parseRssFeed(xml) };
}

function jsonOf(doc: FeedDocument) {
  const text = render(doc, "json");
  const raw: unknown = JSON.parse(text);
  if (typeof raw !== "object" || raw === null) throw new Error("JSON Feed is not an object");
  return { text, raw: raw as Record<string, unknown>, feed: parseJsonFeed(text) };
}

function rawItems(raw: Record<string, unknown>): Record<string, unknown>[] {
  const items = raw.items;
  if (!Array.isArray(items)) throw new Error("items is not an array");
  return items as Record<string, unknown>[];
}

afterEach(() => {
  vi.useRealTimers();
});

describe("feed writer: the checks themselves", () => {
  it("saxes rejects what feed v6 writes for the known-bad input (so the checks below bite)", () => {
    const raw = new Feed({ title: "t", id: "https://x.example/", updated: UPDATED });
    raw.addItem({ title: "a ]]> b ]]> c", link: "https://x.example/1", date: UPDATED });
    expect(wellFormednessErrors(raw.atom1())).not.toEqual([]);
    const ctrl = new Feed({ title: "t\u0001", id: "https://x.example/", updated: UPDATED });
    expect(wellFormednessErrors(ctrl.rss2())).not.toEqual([]);
    const attr = new Feed({ title: "t", id: "https://x.example/", updated: UPDATED });
    attr.addItem({
      title: "t",
      link: "https://x.example/1",
      date: UPDATED,
      category: [{ name: "n", domain: "a<b" }],
    });
    expect(wellFormednessErrors(attr.rss2())).not.toEqual([]);
  });
});

describe("feed writer", () => {
  it("exports the content types of the three formats", () => {
    expect(FEED_CONTENT_TYPES).toEqual({
      rss: "application/rss+xml; charset=utf-8",
      atom: "application/atom+xml; charset=utf-8",
      json: "application/feed+json; charset=utf-8",
    });
  });

  it("defect 1: a second ]]> and XML-illegal characters still give well-formed XML", () => {
    const text = "a ]]> b ]]> c ]]]]> d \u0000\u0007\u000B\u001F\uFFFE\uFFFF\uDFFF\uD800 e\uD83D";
    const clean = "a ]]> b ]]> c ]]]]> d  e";
    const doc = makeDoc({
      title: text,
      description: text,
      rights: text,
      entries: [makeEntry(1, { title: text, summary: text, contentHtml: `<p>${text}</p>` })],
    });
    for (const format of ["rss", "atom", "json"] as const) {
      const out = render(doc, format);
      expect(nonXmlChars(format === "json" ? JSON.parse(out) : out)).toEqual([]);
    }
    const atom = atomOf(doc).feed;
    expect(atom.title?.value).toBe(clean);
    expect(atom.entries?.[0]?.summary?.value).toBe(clean);
    expect(atom.entries?.[0]?.content?.value).toBe(`<p>${clean}</p>`);
    const rss = rssOf(doc).feed;
    expect(rss.items?.[0]?.title).toBe(clean);
    expect(rss.items?.[0]?.content?.encoded).toBe(`<p>${clean}</p>`);
    expect(jsonOf(doc).feed.items?.[0]?.title).toBe(clean);
  });

  it("defect 2: <, & and quotes in attribute values are escaped and read back exactly", () => {
    const scheme = "https://news.example/tags?a=1&b=<2>";
    const doc = makeDoc({
      entries: [
        makeEntry(1, {
          categories: [{ term: `q&a"<x>'`, label: LABEL, scheme }],
          enclosures: [
            {
              url: "https://cdn.example/a.png?x=1&y=2",
              type: "image/png",
              title: `Map "<1>" & co`,
            },
          ],
        }),
      ],
    });
    const atom = atomOf(doc).feed.entries?.[0];
    expect(atom?.categories?.[0]).toEqual({ term: `q&a"<x>'`, label: LABEL, scheme });
    const enclosure = atom?.links?.find((l) => l.rel === "enclosure");
    expect(enclosure?.href).toBe("https://cdn.example/a.png?x=1&y=2");
    expect(enclosure?.title).toBe(`Map "<1>" & co`);
    const rss = rssOf(doc).feed.items?.[0];
    expect(rss?.categories?.[0]).toEqual({ name: LABEL, domain: scheme });
    expect(rss?.enclosures?.[0]?.url).toBe("https://cdn.example/a.png?x=1&y=2");
  });

  it("defect 3: Atom always carries the feed id and every entry id", () => {
    const doc = makeDoc();
    const { feed, tree } = atomOf(doc);
    expect(feed.id).toBe(doc.id);
    expect(feed.entries?.map((e) => e.id)).toEqual(doc.entries.map((e) => e.id));
    for (const node of [tree, ...kids(tree, NS.atom, "entry")]) {
      const ids = kids(node, NS.atom, "id");
      expect(ids).toHaveLength(1);
      expect(ids[0]?.text).not.toBe("");
    }
  });

  it("defect 4: output does not depend on the wall clock; updated and generator are the document's", () => {
    const doc = makeDoc();
    for (const format of ["rss", "atom", "json"] as const) {
      vi.useFakeTimers();
      vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
      const first = renderFeed(doc, format);
      vi.setSystemTime(new Date("2031-06-15T12:34:56Z"));
      const second = renderFeed(doc, format);
      vi.useRealTimers();
      expect(second).toBe(first);
      expect(renderFeed(doc, format)).toBe(first);
      expect(first).not.toContain("2030");
      expect(first).not.toContain("jpmonette");
    }
    const atom = atomOf(doc).feed;
    expect(atom.updated).toBe("2024-03-01T10:00:00.000Z");
    expect(atom.generator).toEqual({
      text: "newsletter-content-api",
      uri: "https://news.example/about",
      version: "0.1.0",
    });
    const rss = rssOf(doc).feed;
    expect(rss.lastBuildDate).toBe("Fri, 01 Mar 2024 10:00:00 GMT");
    expect(rss.generator).toBe("newsletter-content-api 0.1.0");
  });

  it("defect 5: Atom carries self/alternate/hub links, RFC 5005, fh:archive, rights and typed enclosures", () => {
    const doc = makeDoc({
      hubs: ["https://hub.example/a", "https://hub.example/b?x=1&y=2"],
      archive: { isArchive: true, ...ARCHIVE_LINKS },
      rights: "© 2024 News & Co",
      entries: [
        makeEntry(1, {
          enclosures: [
            { url: "https://cdn.example/talk", type: "audio/mpeg", length: 123456 },
            { url: "https://cdn.example/pic.bin", type: "image/webp" },
          ],
        }),
      ],
    });
    const { feed, tree } = atomOf(doc);
    const links = feed.links ?? [];
    const rel = (r: string) => links.filter((l) => l.rel === r);
    expect(rel("self")).toEqual([{ rel: "self", href: doc.selfUrl, type: "application/atom+xml" }]);
    expect(rel("alternate")).toEqual([{ rel: "alternate", href: doc.siteUrl, type: "text/html" }]);
    expect(rel("hub").map((l) => l.href)).toEqual(doc.hubs);
    expect(rel("current").map((l) => l.href)).toEqual([ARCHIVE_LINKS.current]);
    expect(rel("prev-archive").map((l) => l.href)).toEqual([ARCHIVE_LINKS.prevArchive]);
    expect(rel("next-archive").map((l) => l.href)).toEqual([ARCHIVE_LINKS.nextArchive]);
    expect(kids(tree, NS.fh, "archive")).toHaveLength(1);
    expect(feed.rights?.value).toBe("© 2024 News & Co");
    const entryLinks = feed.entries?.[0]?.links ?? [];
    expect(entryLinks.filter((l) => l.rel === "enclosure")).toEqual([
      { rel: "enclosure", href: "https://cdn.example/talk", type: "audio/mpeg", length: 123456 },
      { rel: "enclosure", href: "https://cdn.example/pic.bin", type: "image/webp" },
    ]);
    expect(entryLinks.filter((l) => l.rel === "alternate")).toEqual([
      { rel: "alternate", href: doc.entries[0]?.url, type: "text/html" },
    ]);
  });

  it("defect 5: RSS carries atom:link self/hub, RFC 5005 links, fh:archive, copyright and enclosures", () => {
    const doc = makeDoc({
      hubs: ["https://hub.example/a", "https://hub.example/b"],
      archive: { isArchive: true, ...ARCHIVE_LINKS },
      rights: "© 2024 News & Co",
      entries: [
        makeEntry(1, {
          enclosures: [{ url: "https://cdn.example/talk", type: "audio/mpeg", length: 99 }],
        }),
        makeEntry(2, { enclosures: [{ url: "https://cdn.example/p", type: "image/webp" }] }),
      ],
    });
    const { feed, channel } = rssOf(doc);
    const links = feed.atom?.links ?? [];
    const rel = (r: string) => links.filter((l) => l.rel === r).map((l) => l.href);
    expect(rel("self")).toEqual([doc.selfUrl]);
    expect(rel("hub")).toEqual(doc.hubs);
    expect(rel("current")).toEqual([ARCHIVE_LINKS.current]);
    expect(rel("prev-archive")).toEqual([ARCHIVE_LINKS.prevArchive]);
    expect(rel("next-archive")).toEqual([ARCHIVE_LINKS.nextArchive]);
    expect(kids(channel, NS.atom, "link")).toHaveLength(6);
    expect(kids(channel, NS.fh, "archive")).toHaveLength(1);
    expect(feed.copyright).toBe("© 2024 News & Co");
    expect(feed.items?.map((i) => i.enclosures)).toEqual([
      [{ url: "https://cdn.example/talk", type: "audio/mpeg", length: 99 }],
      [{ url: "https://cdn.example/p", type: "image/webp", length: 0 }],
    ]);
  });

  it("RFC 5005 links and fh:archive appear exactly when given", () => {
    const cases: FeedDocument["archive"][] = [
      { isArchive: false },
      { isArchive: false, current: ARCHIVE_LINKS.current, prevArchive: ARCHIVE_LINKS.prevArchive },
      { isArchive: true, current: ARCHIVE_LINKS.current, nextArchive: ARCHIVE_LINKS.nextArchive },
      { isArchive: true, ...ARCHIVE_LINKS },
    ];
    const navRels = ["current", "prev-archive", "next-archive"];
    for (const archive of cases) {
      const doc = makeDoc({ archive });
      const expected = [
        ...(archive.current ? [["current", archive.current]] : []),
        ...(archive.prevArchive ? [["prev-archive", archive.prevArchive]] : []),
        ...(archive.nextArchive ? [["next-archive", archive.nextArchive]] : []),
      ];
      const atom = atomOf(doc);
      const atomNav = (atom.feed.links ?? []).filter((l) => navRels.includes(l.rel ?? ""));
      expect(atomNav.map((l) => [l.rel, l.href])).toEqual(expected);
      expect(kids(atom.tree, NS.fh, "archive")).toHaveLength(archive.isArchive ? 1 : 0);
      expect(atom.xml.includes(NS.fh)).toBe(archive.isArchive);

      const rss = rssOf(doc);
      const rssNav = (rss.feed.atom?.links ?? []).filter((l) => navRels.includes(l.rel ?? ""));
      expect(rssNav.map((l) => [l.rel, l.href])).toEqual(expected);
      expect(kids(rss.channel, NS.fh, "archive")).toHaveLength(archive.isArchive ? 1 : 0);

      const json = jsonOf(doc).raw;
      expect(json.next_url).toBe(archive.prevArchive);
      expect(json.expired).toBe(false);
    }
  });

  it("defect 6: JSON output is JSON Feed 1.1 with ids, authors arrays, hubs and attachments", () => {
    const doc = makeDoc({
      hubs: ["https://hub.example/a"],
      icon: "https://news.example/icon.png",
      archive: { isArchive: false, ...ARCHIVE_LINKS },
      entries: [
        makeEntry(1, {
          authors: [{ name: "Ann" }, { name: "Bo", url: "https://bo.example/" }],
          categories: [
            { term: "a", label: "Alpha & Co" },
            { term: "b", label: "Beta" },
          ],
          enclosures: [{ url: "https://cdn.example/a.mp3", type: "audio/mpeg", length: 5 }],
        }),
        makeEntry(2, { summary: undefined, published: undefined }),
      ],
    });
    const { raw, feed } = jsonOf(doc);
    expect(parseFeed(JSON.stringify(raw)).format).toBe("json");
    expect(raw.version).toBe("https://jsonfeed.org/version/1.1");
    expect(raw).not.toHaveProperty("author");
    expect(raw).toMatchObject({
      title: doc.title,
      home_page_url: doc.siteUrl,
      feed_url: doc.selfUrl,
      description: doc.description,
      icon: doc.icon,
      language: "en",
      authors: [{ name: "The Editors" }],
      hubs: [{ type: "WebSub", url: "https://hub.example/a" }],
      next_url: ARCHIVE_LINKS.prevArchive,
      expired: false,
    });
    const items = rawItems(raw);
    expect(items[0]).toEqual({
      id: "tag:news.example,2024:issue-1",
      url: doc.entries[0]?.url,
      title: "Issue 1",
      content_html: "<p>Body of issue 1 &amp; more</p>",
      summary: "Summary 1",
      date_published: "2024-02-01T08:30:00.000Z",
      date_modified: "2024-02-01T09:45:00.000Z",
      authors: [{ name: "Ann" }, { name: "Bo", url: "https://bo.example/" }],
      tags: ["Alpha & Co", "Beta"],
      attachments: [
        { url: "https://cdn.example/a.mp3", mime_type: "audio/mpeg", size_in_bytes: 5 },
      ],
    });
    for (const item of items) {
      expect(item).not.toHaveProperty("author");
      expect(typeof item.id).toBe("string");
      expect(typeof item.content_html).toBe("string");
    }
    expect(items[1]).not.toHaveProperty("summary");
    expect(items[1]).not.toHaveProperty("date_published");
    expect(feed.items?.map((i) => i.id)).toEqual(doc.entries.map((e) => e.id));
  });

  it("defect 7: RSS writes entry authors as dc:creator, never as a name-only <author>", () => {
    const doc = makeDoc({
      entries: [
        makeEntry(1, { authors: [{ name: "Ann & <Co>" }, { name: "Bo", email: "bo@x.example" }] }),
        makeEntry(2, { authors: [] }),
      ],
    });
    const { feed, channel, xml } = rssOf(doc);
    expect(xml).toContain(`xmlns:dc="${NS.dc}"`);
    expect(feed.items?.map((i) => i.dc?.creators)).toEqual([["Ann & <Co>", "Bo"], ["The Editors"]]);
    for (const item of kids(channel, "", "item")) expect(kids(item, "", "author")).toEqual([]);
  });

  it("titles, summaries, bodies and labels round-trip exactly in all three formats", () => {
    const doc = makeDoc({
      title: NASTY,
      description: NASTY,
      entries: [
        makeEntry(1, {
          title: NASTY,
          summary: NASTY,
          contentHtml: `<p title="${NASTY.replace(/"/g, "&quot;")}">${NASTY}</p>`,
          authors: [{ name: NASTY }],
          categories: [{ term: "t", label: NASTY }],
        }),
      ],
    });
    const cleanBody = `<p title="${NASTY_CLEAN.replace(/"/g, "&quot;")}">${NASTY_CLEAN}</p>`;

    const atom = atomOf(doc);
    const entry = atom.feed.entries?.[0];
    expect(atom.feed.title?.value).toBe(NASTY_CLEAN);
    expect(atom.feed.subtitle?.value).toBe(NASTY_CLEAN);
    expect(entry?.title).toEqual({ value: NASTY_CLEAN, type: "text" });
    expect(entry?.summary).toEqual({ value: NASTY_CLEAN, type: "text" });
    expect(entry?.content).toEqual({ value: cleanBody, type: "html" });
    expect(entry?.authors?.[0]?.name).toBe(NASTY_CLEAN);
    expect(entry?.categories?.[0]?.label).toBe(NASTY_CLEAN);
    // saxes applies XML attribute-value normalisation, which feedsmith's parser skips.
    const category = kids(kids(atom.tree, NS.atom, "entry")[0], NS.atom, "category")[0];
    expect(category?.attrs.label).toBe(NASTY_CLEAN);

    const rss = rssOf(doc).feed;
    expect(rss.title).toBe(NASTY_CLEAN);
    expect(rss.description).toBe(NASTY_CLEAN);
    expect(rss.items?.[0]?.title).toBe(NASTY_CLEAN);
    expect(rss.items?.[0]?.description).toBe(NASTY_CLEAN);
    expect(rss.items?.[0]?.content?.encoded).toBe(cleanBody);
    expect(rss.items?.[0]?.dc?.creators).toEqual([NASTY_CLEAN]);
    expect(rss.items?.[0]?.categories?.[0]?.name).toBe(NASTY_CLEAN);

    const json = jsonOf(doc);
    expect(json.feed.title).toBe(NASTY_CLEAN);
    const item = json.feed.items?.[0];
    expect(item?.title).toBe(NASTY_CLEAN);
    expect(item?.summary).toBe(NASTY_CLEAN);
    expect(item?.content_html).toBe(cleanBody);
    expect(item?.authors?.[0]?.name).toBe(NASTY_CLEAN);
    expect(item?.tags).toEqual([NASTY_CLEAN]);
  });

  it("Atom carries every element RFC 4287 requires, with a feed author fallback", () => {
    const variants = [
      makeDoc(),
      makeDoc({ authors: [] }),
      makeDoc({ authors: [], entries: [makeEntry(1, { authors: [] })] }),
      makeDoc({ entries: [makeEntry(1, { contentHtml: "", summary: undefined })] }),
      makeDoc({ entries: [] }),
    ];
    for (const doc of variants) {
      const { feed } = atomOf(doc);
      expect(feed.id).toBe(doc.id);
      expect(feed.title?.value).toBe(doc.title);
      expect(feed.updated).toBe(doc.updated.toISOString());
      const entries = feed.entries ?? [];
      expect(entries).toHaveLength(doc.entries.length);
      const feedHasAuthor = (feed.authors ?? []).some((a) => a.name);
      for (const entry of entries) {
        expect(entry.id).toBeTruthy();
        expect(entry.title?.value).toBeTruthy();
        expect(entry.updated).toBeTruthy();
        const hasAlternate = (entry.links ?? []).some((l) => l.rel === "alternate" && l.href);
        expect(hasAlternate || entry.content !== undefined).toBe(true);
        expect(feedHasAuthor || (entry.authors ?? []).length > 0).toBe(true);
      }
    }
    const fallback = atomOf(makeDoc({ authors: [], entries: [makeEntry(1, { authors: [] })] }));
    expect(fallback.feed.authors).toEqual([{ name: "Neighbourhood News" }]);
  });

  it("RSS carries every channel element RSS 2.0 requires; each item has a title", () => {
    for (const doc of [makeDoc(), makeDoc({ description: "", entries: [] })]) {
      const { channel, feed } = rssOf(doc);
      for (const name of ["title", "link", "description"]) {
        expect(kids(channel, "", name)).toHaveLength(1);
      }
      expect(feed.title).toBe(doc.title);
      expect(feed.link).toBe(doc.siteUrl);
      for (const item of feed.items ?? []) expect(item.title || item.description).toBeTruthy();
    }
  });

  it("keeps entry order and writes RFC 822 (RSS) and RFC 3339 (Atom, JSON) dates", () => {
    const doc = makeDoc();
    const ids = doc.entries.map((e) => e.id);
    const atom = atomOf(doc).feed.entries ?? [];
    const rss = rssOf(doc).feed.items ?? [];
    const json = jsonOf(doc).feed.items ?? [];
    expect(atom.map((e) => e.id)).toEqual(ids);
    expect(rss.map((i) => i.guid?.value)).toEqual(ids);
    expect(json.map((i) => i.id)).toEqual(ids);
    doc.entries.forEach((e, i) => {
      expect(atom[i]?.updated).toBe(e.updated.toISOString());
      expect(atom[i]?.published).toBe(e.published?.toISOString());
      expect(rss[i]?.pubDate).toBe(e.published?.toUTCString());
      expect(rss[i]?.pubDate).toMatch(
        /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
      );
      expect(rss[i]?.guid).toEqual({ value: e.id, isPermaLink: false });
      expect(json[i]?.date_modified).toBe(e.updated.toISOString());
    });
  });
});
