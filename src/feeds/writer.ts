/**
 * Writes a FeedDocument as RSS 2.0, Atom 1.0 (RFC 4287) or JSON Feed 1.1.
 *
 * The `feed` package generates the XML documents; the modules under ./writer/ correct what it
 * gets wrong (escaping, CDATA, control characters, dates defaulting to now, Atom without
 * enclosure types/hubs/RFC 5005, RSS without dc:creator, JSON Feed 1.0). Output depends on the
 * document only: the same document always gives the same bytes.
 */
import type { FeedFormat } from "../read/urls.js";
import type { FeedDocument } from "./model.js";
import { renderAtom } from "./writer/atom.js";
import { renderJson } from "./writer/json.js";
import { renderRss } from "./writer/rss.js";
import { Slots } from "./writer/xml.js";

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};

export function renderFeed(doc: FeedDocument, format: FeedFormat): string {
  switch (format) {
    case "rss":
      return renderRss(doc, new Slots());
    case "atom":
      return renderAtom(doc, new Slots());
    case "json":
      return renderJson(doc);
    default: {
      const unknown: never = format;
      throw new Error(`unknown feed format: ${String(unknown)}`);
    }
  }
}
