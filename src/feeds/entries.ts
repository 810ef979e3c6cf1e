import type { Context } from "../context.js";
import { contentUrl } from "../graphql/types/content.js";
import { optionsOf } from "../graphql/types/poll.js";
import type {
  AnnouncementNode,
  ContentNode,
  EventNode,
  IssueNode,
  PollNode,
} from "../loaders/content.js";
import { pollStatus } from "../polls/results.js";
import { htmlToText, renderMarkdown, sanitize } from "../rich-text.js";
import { eventWhen, instant } from "./dates.js";
import { html, type SafeHtml, trusted } from "./html.js";
import type { FeedCategory, FeedEnclosure, FeedEntry, FeedPerson } from "./model.js";

export interface EntryOptions {
  siteHost: string;
  author: FeedPerson;
  rights?: string;
}

const md = (value: string | null | undefined) => trusted(value ? renderMarkdown(value).html : "");
const SUMMARY_LENGTH = 280;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= SUMMARY_LENGTH
    ? flat
    : `${flat.slice(0, SUMMARY_LENGTH - 1).replace(/\s+\S*$/, "")}…`;
}

/** Stable entry id: the site's host, the year the entry was created, its type and row id. */
export function entryId(siteHost: string, node: ContentNode): string {
  return `tag:${siteHost},${node.createdAt.getUTCFullYear()}:${node.type}/${node.id}`;
}

const IMAGE_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
  avif: "image/avif",
};

function imageEnclosure(url: string | null, title: string): FeedEnclosure[] {
  const ext = url ? /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase() : undefined;
  const type = ext ? IMAGE_TYPES[ext] : undefined;
  return url && type ? [{ url, type, title }] : [];
}

async function issueBody(
  ctx: Context,
  issue: IssueNode,
): Promise<{ body: SafeHtml; summary: string }> {
  const sections = await ctx.loaders.issues.sections.load(issue.id);
  const items = await Promise.all(sections.map((s) => ctx.loaders.issues.items.load(s.id)));
  const people = await Promise.all(
    items.map((list) => Promise.all(list.map((i) => ctx.loaders.issues.itemPeople.load(i.id)))),
  );
  const stats = issue.statsId == null ? null : await ctx.loaders.issueStats.load(issue.statsId);
  const [shares, lists, stars] = stats
    ? await Promise.all([
        ctx.loaders.stats.shares.load(stats.id),
        ctx.loaders.stats.mailingLists.load(stats.id),
        ctx.loaders.stats.superstars.load(stats.id),
      ])
    : [[], [], []];
  const body = html`${md(issue.introMd)}
${sections.map(
  (s, si) => html`<h2>${s.title}</h2>
${
  (items[si] ?? []).length === 0
    ? ""
    : html`<ul>${(items[si] ?? []).map(
        (item, ii) =>
          html`<li>${item.title ? html`<strong>${item.title}</strong>` : ""}${item.title && item.bodyMd ? " — " : ""}${
            item.bodyMd ? trusted(renderMarkdown(item.bodyMd).html.replace(/^<p>|<\/p>$/g, "")) : ""
          }${item.url ? html` <a href="${item.url}">${item.url}</a>` : ""}${
            (people[si]?.[ii] ?? []).length
              ? html` <em>(${(people[si]?.[ii] ?? []).map((p) => p.name).join(", ")})</em>`
              : ""
          }</li>`,
      )}</ul>`
}`,
)}
${
  stats
    ? html`<h2>Weekly stats, ${stats.weekStart} to ${stats.weekEnd}</h2><ul>${
        stats.visitors != null
          ? html`<li>Visitors: ${stats.visitors.toLocaleString("en-US")}</li>`
          : ""
      }${stats.pageViews != null ? html`<li>Page views: ${stats.pageViews.toLocaleString("en-US")}</li>` : ""}${shares.map(
        (b) => html`<li>${b.browser}: ${b.share}% of visitors</li>`,
      )}${lists.map(
        (l) =>
          html`<li>Mailing list ${l.url ? html`<a href="${l.url}">${l.list}</a>` : l.list}${l.posts != null ? html`: ${l.posts} posts` : ""}</li>`,
      )}${stars.length ? html`<li>Mailing list superstars: ${stars.map((p) => p.name).join(", ")}</li>` : ""}</ul>`
    : ""
}
${issue.fullNewsletterUrl ? html`<p><a href="${issue.fullNewsletterUrl}">The complete newsletter</a></p>` : ""}`;
  return {
    body,
    summary:
      issue.summary ?? clip(issue.introMd ? renderMarkdown(issue.introMd).text : issue.title),
  };
}

async function announcementBody(
  ctx: Context,
  a: AnnouncementNode,
): Promise<{ body: SafeHtml; summary: string }> {
  const highlights = await ctx.loaders.announcements.highlights.load(a.id);
  const links = await Promise.all(
    highlights.map((h) => ctx.loaders.announcements.links.load(h.id)),
  );
  const quotes = await ctx.loaders.announcements.quotes.load(a.id);
  const body = html`${a.dateline ? html`<p><strong>${a.dateline}</strong></p>` : ""}
${md(a.bodyMd)}
${
  highlights.length
    ? html`<ul>${highlights.map(
        (h, i) =>
          html`<li><strong>${h.title}</strong>${h.detail ? html`${/[.!?:]$/.test(h.title) ? " " : ": "}${h.detail}` : ""}${
            (links[i] ?? []).length
              ? html` (${(links[i] ?? []).map((l, n) => html`${n > 0 ? ", " : ""}<a href="${l.url}">${l.title}</a>`)})`
              : ""
          }</li>`,
      )}</ul>`
    : ""
}
${quotes.map(
  (q) =>
    html`<blockquote><p>“${q.text}”</p><p>— ${q.person.name}${q.role ? html`, ${q.role}` : ""}</p></blockquote>`,
)}
${a.sourceUrl ? html`<p><a href="${a.sourceUrl}">Read the original</a></p>` : ""}`;
  const text =
    a.summary ??
    (a.bodyMd ? renderMarkdown(a.bodyMd).text : highlights.map((h) => h.title).join("; "));
  return { body, summary: clip(`${a.dateline ? `${a.dateline} — ` : ""}${text}`) };
}

async function eventBody(ctx: Context, e: EventNode): Promise<{ body: SafeHtml; summary: string }> {
  const sessions = await ctx.loaders.events.sessionPage(-1, 1_000).load(e.id);
  const speakers = await Promise.all(
    sessions.map((s) => ctx.loaders.events.sessionSpeakers.load(s.id)),
  );
  const when = eventWhen(e);
  const price =
    e.priceAmount != null && e.priceCurrency ? `${e.priceAmount} ${e.priceCurrency}` : null;
  const body = html`<p><strong>When:</strong> ${when}</p>
${e.venue ? html`<p><strong>Where:</strong> ${e.venue}</p>` : ""}
${
  price || e.registrationUrl
    ? html`<p><strong>Registration:</strong> ${price ?? ""}${price && e.registrationUrl ? " — " : ""}${
        e.registrationUrl ? html`<a href="${e.registrationUrl}">register</a>` : ""
      }</p>`
    : ""
}
${e.presentationCount != null ? html`<p>${e.presentationCount} presentations.</p>` : ""}
${md(e.descriptionMd)}
${
  sessions.length
    ? html`<h2>Agenda</h2><ol>${sessions.map(
        (s, i) =>
          html`<li>${s.startsAt ? html`${instant(s.startsAt, e.timeZone ?? "UTC")}: ` : ""}<strong>${s.title}</strong>${
            (speakers[i] ?? []).length
              ? html` — ${(speakers[i] ?? []).map((p) => p.name).join(", ")}`
              : ""
          }${s.room ? html` (${s.room})` : ""}</li>`,
      )}</ol>`
    : ""
}`;
  return { body, summary: clip([when, e.venue, price].filter(Boolean).join(" · ")) };
}

async function pollBody(
  ctx: Context,
  p: PollNode,
): Promise<{ body: SafeHtml; summary: string; enclosures: FeedEnclosure[] }> {
  const options = await optionsOf(p, ctx);
  const closed = pollStatus(p, ctx.now) === "closed";
  const total = options.reduce((sum, o) => sum + o.voteCount, 0);
  const resultsEvent =
    p.resultsEventId == null ? null : await ctx.loaders.event.load(p.resultsEventId);
  const body = html`<p><strong>${p.question}</strong></p>
${md(p.descriptionMd)}
<ul>${options.map(
    (o) =>
      html`<li>${o.label}${o.imageUrl ? html` <img src="${o.imageUrl}" alt="${o.label}">` : ""}${
        closed
          ? html`: ${o.voteCount} votes (${total ? Math.round((o.voteCount / total) * 10_000) / 100 : 0}%)`
          : ""
      }</li>`,
  )}</ul>
${p.closesAt ? html`<p>${closed ? "Voting closed" : "Voting closes"} ${instant(p.closesAt)}.</p>` : ""}
${resultsEvent ? html`<p>Results are announced at <a href="${contentUrl(ctx, resultsEvent)}">${resultsEvent.title}</a>${p.resultsAnnouncedOn ? html` on ${p.resultsAnnouncedOn}` : ""}.</p>` : ""}
${closed ? html`<p>${total} votes in total.</p>` : ""}`;
  const summary = clip(
    `${p.question}${p.closesAt ? ` Voting ${closed ? "closed" : "closes"} ${instant(p.closesAt)}.` : ""}`,
  );
  return { body, summary, enclosures: options.flatMap((o) => imageEnclosure(o.imageUrl, o.label)) };
}

/** One archive entry as a feed entry: full sanitized content, plain summary, stable id. */
export async function feedEntry(
  ctx: Context,
  node: ContentNode,
  options: EntryOptions,
): Promise<FeedEntry> {
  const tags = await ctx.loaders.tags.load(node.id);
  let rendered: { body: SafeHtml; summary: string; enclosures?: FeedEnclosure[] };
  switch (node.__typename) {
    case "Issue":
      rendered = await issueBody(ctx, node);
      break;
    case "Announcement":
      rendered = await announcementBody(ctx, node);
      break;
    case "Event":
      rendered = await eventBody(ctx, node);
      break;
    case "Poll":
      rendered = await pollBody(ctx, node);
      break;
  }
  const contentHtml = sanitize(rendered.body.value.replace(/\n{2,}/g, "\n").trim());
  const categories: FeedCategory[] = tags.map((t) => ({
    term: t.slug,
    label: t.name,
    scheme: `${ctx.urls.site}/tags/`,
  }));
  return {
    id: entryId(options.siteHost, node),
    title: node.title,
    url: contentUrl(ctx, node),
    summary: rendered.summary || htmlToText(contentHtml).slice(0, SUMMARY_LENGTH),
    contentHtml,
    published: node.publishedAt ?? undefined,
    updated: node.updatedAt,
    authors: [options.author],
    categories,
    enclosures: rendered.enclosures ?? [],
    rights: options.rights,
  };
}
