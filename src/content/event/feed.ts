import type { Reader } from "../../read/reader.js";
import { eventWhen, instant } from "../../text/dates.js";
import { clip, html, markdownHtml } from "../../text/html.js";
import { prepareMarkdown } from "../../text/offload.js";
import type { FeedBody } from "../entry/kind.js";
import { agendaOf, type EventNode } from "./loaders.js";

/** The event's own name, or the post's title when it has none. */
export const eventName = (e: { name: string | null; title: string }) => e.name ?? e.title;

/** The price as readers read it ("235.00 USD"), when the event has one. */
export const priceText = (e: EventNode) =>
  e.priceAmount != null && e.priceCurrency ? `${e.priceAmount} ${e.priceCurrency}` : null;

/** An event in a feed: when, where, registration, the agenda with its speakers. */
export async function eventFeedBody(r: Reader, e: EventNode): Promise<FeedBody> {
  const agenda = await agendaOf(r, e.id);
  await prepareMarkdown([e.descriptionMd]);
  const when = eventWhen(e);
  const price = priceText(e);
  const registration =
    price || e.registrationUrl
      ? html`<p><strong>Registration:</strong> ${price ?? ""}${price && e.registrationUrl ? " — " : ""}${
          e.registrationUrl ? html`<a href="${e.registrationUrl}">register</a>` : ""
        }</p>`
      : "";
  const sessions = agenda.length
    ? html`<h2>Agenda</h2><ol>${agenda.map(
        ({ session: s, speakers }) =>
          html`<li>${s.startsAt ? html`${instant(s.startsAt, e.timeZone ?? "UTC")}: ` : ""}<strong>${s.title}</strong>${
            speakers.length ? html` — ${speakers.map((p) => p.name).join(", ")}` : ""
          }${s.room ? html` (${s.room})` : ""}</li>`,
      )}</ol>`
    : "";
  const body = html`<p><strong>Event:</strong> ${eventName(e)}</p>
<p><strong>When:</strong> ${when}</p>
${e.venue ? html`<p><strong>Where:</strong> ${e.venue}</p>` : ""}
${registration}
${e.presentationCount != null ? html`<p>${e.presentationCount} presentations.</p>` : ""}
${markdownHtml(e.descriptionMd)}
${sessions}`;
  return {
    html: body,
    summary: clip([eventName(e), when, e.venue, price].filter(Boolean).join(" · ")),
  };
}
