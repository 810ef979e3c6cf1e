import type { Reader } from "../../read/reader.js";
import { entryUrl } from "../../read/urls.js";
import { instant } from "../../text/dates.js";
import { clip, html, markdownHtml } from "../../text/html.js";
import { prepareMarkdown } from "../../text/offload.js";
import type { FeedBody } from "../entry/kind.js";
import { eventRecords } from "../event/loaders.js";
import type { PollNode } from "./loaders.js";
import { pollStatus, share, visibleOptions } from "./results.js";

/** A poll in a feed: the question, its options (with counts once it has closed), when it closes. */
export async function pollFeedBody(r: Reader, p: PollNode): Promise<FeedBody> {
  const [options] = await Promise.all([visibleOptions(r, p), prepareMarkdown([p.descriptionMd])]);
  const closed = pollStatus(p, r.now) === "closed";
  // The counts GraphQL shows this reader, by the same rule: none while hidden or never recorded.
  const counted = closed && !options[0]?.hidden;
  const total = options.reduce((sum, o) => sum + o.voteCount, 0);
  const resultsEvent =
    p.resultsEventId == null ? null : await r.use(eventRecords).load(p.resultsEventId);
  const closing = p.closesAt ? `${closed ? "closed" : "closes"} ${instant(p.closesAt)}` : null;
  const body = html`<p><strong>${p.question}</strong></p>
${markdownHtml(p.descriptionMd)}
<ul>${options.map(
    (o) =>
      html`<li>${o.label}${o.imageUrl ? html` <img src="${o.imageUrl}" alt="${o.label}">` : ""}${
        counted ? html`: ${o.voteCount} votes (${share(o.voteCount, total)}%)` : ""
      }</li>`,
  )}</ul>
${closing ? html`<p>Voting ${closing}.</p>` : ""}
${resultsEvent ? html`<p>Results are announced at <a href="${entryUrl(r.urls, resultsEvent)}">${resultsEvent.title}</a>${p.resultsAnnouncedOn ? html` on ${p.resultsAnnouncedOn}` : ""}.</p>` : ""}
${counted ? html`<p>${total} votes in total.</p>` : ""}
${options[0]?.hidden === "not_recorded" ? html`<p>The vote counts were not recorded.</p>` : ""}`;
  const summary = clip(`${p.question}${closing ? ` Voting ${closing}.` : ""}`);
  const images = options.flatMap((o) => (o.imageUrl ? [{ url: o.imageUrl, title: o.label }] : []));
  return { html: body, summary, images };
}
