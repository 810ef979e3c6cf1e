/**
 * The stored state of an entry in the shape of its GraphQL input, so that a partial update
 * is "stored state, patched, validated as a whole, written back".
 */
import type { Db } from "../db/client.js";
import {
  announcementsByIds,
  highlightsByAnnouncementIds,
  linksByHighlightIds,
  quotesByAnnouncementIds,
} from "../db/repos/announcements/queries.js";
import { type ContentType, contentTypesByIds, tagsByContentIds } from "../db/repos/content.js";
import {
  eventSpeakersOwn,
  eventsByIds,
  sessionPages,
  speakersBySessionIds,
} from "../db/repos/events/queries.js";
import {
  issuesByIds,
  itemsBySectionIds,
  peopleByItemIds,
  sectionsByIssueIds,
} from "../db/repos/issues/queries.js";
import { creditsByPollIds, optionsByPollIds, pollsByIds } from "../db/repos/polls/queries.js";
import {
  mailingListsByStatsIds,
  sharesByStatsIds,
  statsByIds,
  superstarsByStatsIds,
} from "../db/repos/stats/queries.js";
import { encodeId, type NodeTypeName } from "../graphql/ids.js";
import type { AnnouncementIn, EventIn, IssueIn, PollIn, WeeklyStatsIn } from "./schemas/content.js";

const ALL = { kind: "all" } as const;
export const TYPENAME: Record<ContentType, NodeTypeName> = {
  issue: "Issue",
  announcement: "Announcement",
  event: "Event",
  poll: "Poll",
};

async function tagSlugs(db: Db, id: number): Promise<string[]> {
  return (await tagsByContentIds(db, [id])).map((t) => t.slug);
}

export async function statsSnapshot(db: Db, statsId: number): Promise<WeeklyStatsIn | null> {
  const [s] = await statsByIds(db, [statsId], ALL);
  if (!s) return null;
  const [shares, lists, stars] = await Promise.all([
    sharesByStatsIds(db, [statsId]),
    mailingListsByStatsIds(db, [statsId]),
    superstarsByStatsIds(db, [statsId]),
  ]);
  return {
    weekStart: s.weekStart,
    weekEnd: s.weekEnd,
    visitors: s.visitors,
    pageViews: s.pageViews,
    browserShares: shares.map((b) => ({ browser: b.browser, share: Number(b.share) })),
    mailingLists: lists.map((l) => ({ list: l.list, posts: l.posts, url: l.url })),
    superstars: stars.map((p) => p.person.slug),
  };
}

export async function issueSnapshot(db: Db, id: number): Promise<IssueIn | null> {
  const [issue] = await issuesByIds(db, [id], ALL);
  if (!issue) return null;
  const sections = await sectionsByIssueIds(db, [id]);
  const items = await itemsBySectionIds(
    db,
    sections.map((s) => s.id),
  );
  const people = await peopleByItemIds(
    db,
    items.map((i) => i.id),
  );
  const relatedTypes = new Map(
    (
      await contentTypesByIds(
        db,
        items.flatMap((i) => (i.relatedContentId == null ? [] : [i.relatedContentId])),
        ALL,
      )
    ).map((r) => [r.id, r.type]),
  );
  return {
    slug: issue.slug,
    title: issue.title,
    tags: await tagSlugs(db, id),
    volume: issue.volume,
    number: issue.number,
    summary: issue.summary,
    intro: issue.introMd,
    fullNewsletterUrl: issue.fullNewsletterUrl,
    sections: sections.map((s) => ({
      kind: s.kind,
      title: s.title,
      items: items
        .filter((i) => i.sectionId === s.id)
        .map((i) => {
          const type =
            i.relatedContentId == null ? undefined : relatedTypes.get(i.relatedContentId);
          return {
            title: i.title,
            body: i.bodyMd,
            url: i.url,
            people: people.filter((p) => p.itemId === i.id).map((p) => p.person.slug),
            related:
              type && i.relatedContentId != null
                ? encodeId(TYPENAME[type], i.relatedContentId)
                : null,
          };
        }),
    })),
    stats: issue.statsId == null ? null : await statsSnapshot(db, issue.statsId),
  };
}

export async function announcementSnapshot(db: Db, id: number): Promise<AnnouncementIn | null> {
  const [a] = await announcementsByIds(db, [id], ALL);
  if (!a) return null;
  const highlights = await highlightsByAnnouncementIds(db, [id]);
  const links = await linksByHighlightIds(
    db,
    highlights.map((h) => h.id),
  );
  const quotes = await quotesByAnnouncementIds(db, [id]);
  return {
    slug: a.slug,
    title: a.title,
    tags: await tagSlugs(db, id),
    kind: a.kind,
    dateline: a.dateline,
    summary: a.summary,
    body: a.bodyMd,
    sourceUrl: a.sourceUrl,
    highlights: highlights.map((h) => ({
      title: h.title,
      detail: h.detail,
      links: links
        .filter((l) => l.highlightId === h.id)
        .map((l) => ({ title: l.title, url: l.url })),
    })),
    quotes: quotes.map((q) => ({ text: q.text, person: q.person.slug, role: q.role })),
  };
}

export async function eventSnapshot(db: Db, id: number): Promise<EventIn | null> {
  const [e] = await eventsByIds(db, [id], ALL);
  if (!e) return null;
  const sessions = await sessionPages(db, [id], -1, 100_000);
  const speakers = await speakersBySessionIds(
    db,
    sessions.map((s) => s.id),
  );
  return {
    slug: e.slug,
    title: e.title,
    tags: await tagSlugs(db, id),
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    allDay: e.allDay,
    timeZone: e.timeZone,
    venue: e.venue,
    description: e.descriptionMd,
    registrationUrl: e.registrationUrl,
    price:
      e.priceAmount != null && e.priceCurrency
        ? { amount: e.priceAmount, currency: e.priceCurrency }
        : null,
    presentationCount: e.presentationCount,
    sessions: sessions.map((s) => ({
      title: s.title,
      abstract: s.abstractMd,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      room: s.room,
      speakers: speakers.filter((p) => p.sessionId === s.id).map((p) => p.person.slug),
    })),
    speakers: (await eventSpeakersOwn(db, id)).map((p) => p.slug),
  };
}

export async function pollSnapshot(db: Db, id: number): Promise<PollIn | null> {
  const [p] = await pollsByIds(db, [id], ALL);
  if (!p) return null;
  const [options, credits] = await Promise.all([
    optionsByPollIds(db, [id]),
    creditsByPollIds(db, [id]),
  ]);
  return {
    slug: p.slug,
    title: p.title,
    tags: await tagSlugs(db, id),
    question: p.question,
    description: p.descriptionMd,
    opensAt: p.opensAt,
    closesAt: p.closesAt,
    resultsVisibility: p.resultsVisibility,
    resultsEvent: p.resultsEventId == null ? null : encodeId("Event", p.resultsEventId),
    resultsAnnouncedOn: p.resultsAnnouncedOn,
    options: options.map((o) => ({ label: o.label, imageUrl: o.imageUrl })),
    credits: credits.map((c) => ({ person: c.person.slug, role: c.role })),
  };
}
