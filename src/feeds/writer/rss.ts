import { Feed } from "feed";
import type { FeedDocument } from "../model.js";
import { hubAndArchiveElements, NS } from "./links.js";
import { addRootAttributes, insertAfter, rewriteEach, type Slots, textElement } from "./xml.js";

/** RSS 2.0 with content:encoded, dc:creator, atom:link (self, hubs, RFC 5005) and fh:archive. */
export function renderRss(doc: FeedDocument, slots: Slots): string {
  const description = slots.put(doc.description);
  const { name, version } = doc.generator;
  const feed = new Feed({
    title: slots.put(doc.title),
    link: slots.put(doc.siteUrl),
    description,
    updated: doc.updated,
    generator: slots.put(version ? `${name} ${version}` : name),
    language: slots.opt(doc.language),
    image: slots.opt(doc.icon),
    copyright: slots.opt(doc.rights),
    feedLinks: { rss: slots.put(doc.selfUrl) },
  });
  const items = doc.entries.map((entry) => {
    const guid = slots.put(entry.id);
    // RSS allows one enclosure per item (RSS Advisory Board profile): the first one is kept.
    const enclosure = entry.enclosures[0];
    feed.addItem({
      id: guid,
      link: slots.put(entry.url),
      title: slots.put(entry.title),
      description: slots.opt(entry.summary),
      content: slots.opt(entry.contentHtml),
      date: entry.updated,
      published: entry.published,
      category: entry.categories.map((c) => ({
        name: slots.put(c.label),
        domain: slots.opt(c.scheme),
      })),
      enclosure: enclosure && {
        url: slots.put(enclosure.url),
        type: slots.put(enclosure.type),
        length: enclosure.length ?? 0,
      },
    });
    // RSS <author> must be an email address: names go to dc:creator (feed authors as fallback).
    const authors = entry.authors.length > 0 ? entry.authors : doc.authors;
    return { guid, creators: authors.map((p) => textElement("dc:creator", p.name)) };
  });

  let xml = feed.rss2();
  xml = addRootAttributes(xml, "rss", {
    "xmlns:atom": NS.atom,
    "xmlns:dc": NS.dc,
    "xmlns:content": NS.content,
    "xmlns:fh": doc.archive.isArchive ? NS.fh : undefined,
  });
  xml = insertAfter(
    xml,
    `<description>${description}</description>`,
    hubAndArchiveElements(doc, "atom:link"),
  );
  xml = rewriteEach(xml, "item", items, (chunk, { guid, creators }) =>
    insertAfter(chunk, `<guid isPermaLink="false">${guid}</guid>`, creators),
  );
  return slots.fill(xml);
}
