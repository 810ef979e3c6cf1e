import type { FeedDocument, FeedPerson } from "../model.js";
import { cleanText } from "./xml.js";

/*
 * `feed`'s json1() writes JSON Feed 1.0 (a single `author`, no language, hubs or attachments,
 * and the summary as content_html when there is no content), so JSON Feed 1.1 is built here
 * from the document itself. Strings are cleaned like the XML formats so all three read the same.
 */

function text(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const cleaned = cleanText(value);
  return cleaned === "" ? undefined : cleaned;
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

function authors(people: FeedPerson[]) {
  return nonEmpty(people.map((p) => ({ name: cleanText(p.name), url: text(p.url) })));
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1). Undefined members are left out. */
export function renderJson(doc: FeedDocument): string {
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: cleanText(doc.title),
    home_page_url: text(doc.siteUrl),
    feed_url: text(doc.selfUrl),
    description: text(doc.description),
    // RFC 5005 has no JSON form: paging to the next-older document uses next_url.
    next_url: text(doc.archive.prevArchive),
    icon: text(doc.icon),
    authors: authors(doc.authors),
    language: text(doc.language),
    expired: false,
    hubs: nonEmpty(doc.hubs.map((url) => ({ type: "WebSub", url: cleanText(url) }))),
    items: doc.entries.map((e) => ({
      id: cleanText(e.id),
      url: text(e.url),
      title: cleanText(e.title),
      content_html: cleanText(e.contentHtml),
      summary: text(e.summary),
      date_published: e.published?.toISOString(),
      date_modified: e.updated.toISOString(),
      authors: authors(e.authors),
      tags: nonEmpty(e.categories.map((c) => cleanText(c.label))),
      attachments: nonEmpty(
        e.enclosures.map((a) => ({
          url: cleanText(a.url),
          mime_type: cleanText(a.type),
          title: text(a.title),
          size_in_bytes: a.length,
        })),
      ),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
