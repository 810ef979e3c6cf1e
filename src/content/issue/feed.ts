import type { Reader } from "../../read/reader.js";
import { clip, html, markdownHtml, type SafeHtml, trusted } from "../../text/html.js";
import { prepareMarkdown } from "../../text/offload.js";
import { renderMarkdown } from "../../text/rich-text.js";
import type { FeedBody } from "../entry/kind.js";
import type { PersonRow } from "../people/reads.js";
import type { StatsNode } from "../stats/loaders.js";
import { statsLoaders } from "../stats/loaders.js";
import { type IssueNode, issueLoaders } from "./loaders.js";
import type { ItemRow } from "./reads.js";

function itemHtml(item: ItemRow, people: PersonRow[]): SafeHtml {
  const body = item.bodyMd ? renderMarkdown(item.bodyMd).html.replace(/^<p>|<\/p>$/g, "") : "";
  return html`<li>${item.title ? html`<strong>${item.title}</strong>` : ""}${
    item.title && item.bodyMd ? " — " : ""
  }${trusted(body)}${item.url ? html` <a href="${item.url}">${item.url}</a>` : ""}${
    people.length ? html` <em>(${people.map((p) => p.name).join(", ")})</em>` : ""
  }</li>`;
}

async function sectionsHtml(r: Reader, issue: IssueNode): Promise<SafeHtml> {
  const loaders = r.use(issueLoaders);
  const sections = await loaders.sections.load(issue.id);
  const items = await Promise.all(sections.map((s) => loaders.items.load(s.id)));
  const people = await Promise.all(
    items.map((list) => Promise.all(list.map((i) => loaders.itemPeople.load(i.id)))),
  );
  await prepareMarkdown(items.flat().map((i) => i.bodyMd));
  return html`${sections.map((s, si) => {
    const list = items[si] ?? [];
    return html`<h2>${s.title}</h2>
${list.length === 0 ? "" : html`<ul>${list.map((item, ii) => itemHtml(item, people[si]?.[ii] ?? []))}</ul>`}`;
  })}`;
}

async function statsHtml(r: Reader, stats: StatsNode | null): Promise<SafeHtml | ""> {
  if (!stats) return "";
  const loaders = r.use(statsLoaders);
  const [shares, lists, stars] = await Promise.all([
    loaders.shares.load(stats.id),
    loaders.mailingLists.load(stats.id),
    loaders.superstars.load(stats.id),
  ]);
  const n = (v: number) => v.toLocaleString("en-US");
  return html`<h2>Weekly stats, ${stats.weekStart} to ${stats.weekEnd}</h2><ul>${
    stats.visitors != null ? html`<li>Visitors: ${n(stats.visitors)}</li>` : ""
  }${stats.pageViews != null ? html`<li>Page views: ${n(stats.pageViews)}</li>` : ""}${shares.map(
    (b) => html`<li>${b.browser}: ${b.share}% of visitors</li>`,
  )}${lists.map(
    (l) =>
      html`<li>Mailing list ${l.url ? html`<a href="${l.url}">${l.list}</a>` : l.list}${l.posts != null ? html`: ${l.posts} posts` : ""}</li>`,
  )}${stars.length ? html`<li>Mailing list superstars: ${stars.map((p) => p.name).join(", ")}</li>` : ""}</ul>`;
}

/** An issue in a feed: intro, sections with their items, the week's stats, the full newsletter. */
export async function issueFeedBody(r: Reader, issue: IssueNode): Promise<FeedBody> {
  const stats = issue.statsId == null ? null : await r.use(statsLoaders).stats.load(issue.statsId);
  await prepareMarkdown([issue.introMd]);
  const body = html`${markdownHtml(issue.introMd)}
${await sectionsHtml(r, issue)}
${await statsHtml(r, stats)}
${issue.fullNewsletterUrl ? html`<p><a href="${issue.fullNewsletterUrl}">The complete newsletter</a></p>` : ""}`;
  const intro = issue.introMd ? renderMarkdown(issue.introMd).text : issue.title;
  return { html: body, summary: issue.summary ?? clip(intro) };
}
