import { Feed } from "feed";
import type { FeedDocument, FeedEntry, FeedPerson } from "../model.js";
import { hubAndArchiveElements, NS } from "./links.js";
import {
  addRootAttributes,
  element,
  insertAfter,
  replaceOnce,
  rewriteEach,
  type Slots,
  textElement,
} from "./xml.js";

function personElement(tag: string, person: FeedPerson): string {
  const parts = [textElement("name", person.name)];
  if (person.email) parts.push(textElement("email", person.email));
  if (person.url) parts.push(textElement("uri", person.url));
  return element(tag, {}, parts.join(""));
}

type Slotted = { id: string; link: string; title: string; summary: string | undefined };

/** The document's feed and entries as `feed` takes them, every string behind a slot. */
function build(doc: FeedDocument, slots: Slots) {
  const slot = {
    id: slots.put(doc.id),
    self: slots.put(doc.selfUrl),
    site: slots.put(doc.siteUrl),
  };
  const generator = slots.put(doc.generator.name);
  const feed = new Feed({
    id: slot.id,
    title: slots.put(doc.title),
    description: slots.opt(doc.description),
    updated: doc.updated,
    generator,
    link: slot.site,
    feedLinks: { atom: slot.self },
    favicon: slots.opt(doc.icon),
    copyright: slots.opt(doc.rights),
  });
  const entries = doc.entries.map((entry) => {
    const own: Slotted = {
      id: slots.put(entry.id),
      link: slots.put(entry.url),
      title: slots.put(entry.title),
      summary: slots.opt(entry.summary),
    };
    feed.addItem({
      id: own.id,
      link: own.link,
      title: own.title,
      description: own.summary,
      content: slots.opt(entry.contentHtml),
      date: entry.updated,
      published: entry.published,
      copyright: slots.opt(entry.rights),
      author: entry.authors.map((p) => ({
        name: slots.put(p.name),
        email: slots.opt(p.email),
        link: slots.opt(p.url),
      })),
      category: entry.categories.map((c) => ({
        term: slots.put(c.term),
        name: slots.put(c.label),
        scheme: slots.opt(c.scheme),
      })),
    });
    return { entry, slot: own };
  });
  return { feed, entries, slot, generator };
}

/** The feed element's own corrections: language, generator, typed links, authors, hubs, RFC 5005. */
function fixHead(xml: string, doc: FeedDocument, built: ReturnType<typeof build>): string {
  const { slot, generator } = built;
  // RFC 4287 §4.1.1: without feed-level authors, every entry needs one; fall back to the title.
  const everyEntryHasAuthor = doc.entries.every((e) => e.authors.length > 0);
  const authors =
    doc.authors.length > 0 || everyEntryHasAuthor ? doc.authors : [{ name: doc.title }];
  let out = addRootAttributes(xml, "feed", {
    "xml:lang": doc.language || undefined,
    "xmlns:fh": doc.archive.isArchive ? NS.fh : undefined,
  });
  const version = doc.generator.version || undefined;
  out = replaceOnce(
    out,
    `<generator>${generator}</generator>`,
    element("generator", { uri: doc.generator.url, version }, generator),
  );
  out = replaceOnce(
    out,
    `<link rel="alternate" href="${slot.site}"/>`,
    `<link rel="alternate" type="text/html" href="${slot.site}"/>`,
  );
  out = replaceOnce(
    out,
    `<link rel="self" href="${slot.self}"/>`,
    `<link rel="self" type="application/atom+xml" href="${slot.self}"/>`,
  );
  return insertAfter(out, `<id>${slot.id}</id>`, [
    ...authors.map((p) => personElement("author", p)),
    ...hubAndArchiveElements(doc, "link"),
  ]);
}

/** One entry's corrections: plain-text title and summary, typed link, enclosures. */
function fixEntry(chunk: string, entry: FeedEntry, slot: Slotted): string {
  // Titles and summaries are plain text: `feed` marks them type="html" inside CDATA.
  let out = replaceOnce(
    chunk,
    `<title type="html"><![CDATA[${slot.title}]]></title>`,
    `<title type="text">${slot.title}</title>`,
  );
  if (slot.summary !== undefined) {
    out = replaceOnce(
      out,
      `<summary type="html"><![CDATA[${slot.summary}]]></summary>`,
      `<summary type="text">${slot.summary}</summary>`,
    );
  }
  out = replaceOnce(
    out,
    `<link href="${slot.link}"/>`,
    `<link rel="alternate" type="text/html" href="${slot.link}"/>`,
  );
  // `feed` guesses enclosure types from the URL's extension: enclosures are written here.
  const enclosures = entry.enclosures.map((e) =>
    element("link", {
      rel: "enclosure",
      type: e.type,
      length: e.length,
      title: e.title,
      href: e.url,
    }),
  );
  return insertAfter(out, `<id>${slot.id}</id>`, enclosures);
}

/** Atom 1.0 (RFC 4287), with RFC 5005 links and WebSub hubs. */
export function renderAtom(doc: FeedDocument, slots: Slots): string {
  const built = build(doc, slots);
  const xml = fixHead(built.feed.atom1(), doc, built);
  const fixed = rewriteEach(xml, "entry", built.entries, (chunk, { entry, slot }) =>
    fixEntry(chunk, entry, slot),
  );
  return slots.fill(fixed);
}
