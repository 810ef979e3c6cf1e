import { Feed } from "feed";
import type { FeedDocument, FeedPerson } from "../model.js";
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

/** Atom 1.0 (RFC 4287), with RFC 5005 links and WebSub hubs. */
export function renderAtom(doc: FeedDocument, slots: Slots): string {
  const id = slots.put(doc.id);
  const self = slots.put(doc.selfUrl);
  const site = slots.put(doc.siteUrl);
  const generator = slots.put(doc.generator.name);
  const feed = new Feed({
    id,
    title: slots.put(doc.title),
    description: slots.opt(doc.description),
    updated: doc.updated,
    generator,
    link: site,
    feedLinks: { atom: self },
    favicon: slots.opt(doc.icon),
    copyright: slots.opt(doc.rights),
  });
  const entries = doc.entries.map((entry) => {
    const slot = {
      id: slots.put(entry.id),
      link: slots.put(entry.url),
      title: slots.put(entry.title),
      summary: slots.opt(entry.summary),
    };
    feed.addItem({
      id: slot.id,
      link: slot.link,
      title: slot.title,
      description: slot.summary,
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
    return { entry, slot };
  });

  let xml = feed.atom1();
  // RFC 4287 §4.1.1: without feed-level authors, every entry needs one; fall back to the title.
  const everyEntryHasAuthor = doc.entries.every((e) => e.authors.length > 0);
  const authors =
    doc.authors.length > 0 || everyEntryHasAuthor ? doc.authors : [{ name: doc.title }];
  xml = addRootAttributes(xml, "feed", {
    "xml:lang": doc.language || undefined,
    "xmlns:fh": doc.archive.isArchive ? NS.fh : undefined,
  });
  xml = replaceOnce(
    xml,
    `<generator>${generator}</generator>`,
    element(
      "generator",
      { uri: doc.generator.url, version: doc.generator.version || undefined },
      generator,
    ),
  );
  xml = replaceOnce(
    xml,
    `<link rel="alternate" href="${site}"/>`,
    `<link rel="alternate" type="text/html" href="${site}"/>`,
  );
  xml = replaceOnce(
    xml,
    `<link rel="self" href="${self}"/>`,
    `<link rel="self" type="application/atom+xml" href="${self}"/>`,
  );
  xml = insertAfter(xml, `<id>${id}</id>`, [
    ...authors.map((p) => personElement("author", p)),
    ...hubAndArchiveElements(doc, "link"),
  ]);

  xml = rewriteEach(xml, "entry", entries, (chunk, { entry, slot }) => {
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
    return insertAfter(
      out,
      `<id>${slot.id}</id>`,
      entry.enclosures.map((e) =>
        element("link", {
          rel: "enclosure",
          type: e.type,
          length: e.length,
          title: e.title,
          href: e.url,
        }),
      ),
    );
  });
  return slots.fill(xml);
}
