import type { FeedDocument } from "../model.js";
import { element } from "./xml.js";

export const NS = {
  atom: "http://www.w3.org/2005/Atom",
  dc: "http://purl.org/dc/elements/1.1/",
  content: "http://purl.org/rss/1.0/modules/content/",
  fh: "http://purl.org/syndication/history/1.0",
} as const;

/**
 * WebSub hubs (one link each, in order), then RFC 5005 navigation links and `<fh:archive/>`
 * when the document is an archive. `link` is the Atom link element's name in this format.
 */
export function hubAndArchiveElements(doc: FeedDocument, link: "link" | "atom:link"): string[] {
  const out = doc.hubs.map((href) => element(link, { rel: "hub", href }));
  const { current, prevArchive, nextArchive, isArchive } = doc.archive;
  if (current !== undefined) out.push(element(link, { rel: "current", href: current }));
  if (prevArchive !== undefined)
    out.push(element(link, { rel: "prev-archive", href: prevArchive }));
  if (nextArchive !== undefined)
    out.push(element(link, { rel: "next-archive", href: nextArchive }));
  if (isArchive) out.push(element("fh:archive", {}));
  return out;
}
