import type { Reader } from "../../read/reader.js";
import { clip, html, markdownHtml, type SafeHtml } from "../../text/html.js";
import { prepareMarkdown } from "../../text/offload.js";
import { renderMarkdown } from "../../text/rich-text.js";
import type { FeedBody } from "../entry/kind.js";
import { type AnnouncementNode, announcementLoaders, type QuoteShape } from "./loaders.js";
import type { HighlightRow, LinkRow } from "./reads.js";

function highlightsHtml(highlights: HighlightRow[], links: LinkRow[][]): SafeHtml | "" {
  if (!highlights.length) return "";
  return html`<ul>${highlights.map((h, i) => {
    const own = links[i] ?? [];
    const detail = h.detail ? html`${/[.!?:]$/.test(h.title) ? " " : ": "}${h.detail}` : "";
    const anchors = own.length
      ? html` (${own.map((l, n) => html`${n > 0 ? ", " : ""}<a href="${l.url}">${l.title}</a>`)})`
      : "";
    return html`<li><strong>${h.title}</strong>${detail}${anchors}</li>`;
  })}</ul>`;
}

const quoteHtml = (q: QuoteShape) =>
  html`<blockquote><p>“${q.text}”</p><p>— ${q.person.name}${q.role ? html`, ${q.role}` : ""}</p></blockquote>`;

/** An announcement in a feed: dateline, body, highlights with their links, quotes, source. */
export async function announcementFeedBody(r: Reader, a: AnnouncementNode): Promise<FeedBody> {
  const loaders = r.use(announcementLoaders);
  const highlights = await loaders.highlights.load(a.id);
  const links = await Promise.all(highlights.map((h) => loaders.links.load(h.id)));
  const quotes = await loaders.quotes.load(a.id);
  await prepareMarkdown([a.bodyMd]);
  const body = html`${a.dateline ? html`<p><strong>${a.dateline}</strong></p>` : ""}
${markdownHtml(a.bodyMd)}
${highlightsHtml(highlights, links)}
${quotes.map(quoteHtml)}
${a.sourceUrl ? html`<p><a href="${a.sourceUrl}">Read the original</a></p>` : ""}`;
  const text =
    a.summary ??
    (a.bodyMd ? renderMarkdown(a.bodyMd).text : highlights.map((h) => h.title).join("; "));
  return { html: body, summary: clip(`${a.dateline ? `${a.dateline} — ` : ""}${text}`) };
}
