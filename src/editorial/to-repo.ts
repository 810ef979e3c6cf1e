/** Validated GraphQL-shaped input → the repositories' write input. */
import type { z } from "zod";
import type { AnnouncementInput } from "../db/repos/announcements/mutations.js";
import type { ContentType } from "../db/repos/content.js";
import type { EventInput } from "../db/repos/events/mutations.js";
import type { IssueInput } from "../db/repos/issues/mutations.js";
import type { PollInput } from "../db/repos/polls/mutations.js";
import type { WeeklyStatsInput } from "../db/repos/stats/mutations.js";
import { decodeId } from "../graphql/ids.js";
import { InputError } from "../validation.js";
import type {
  announcementSchema,
  eventSchema,
  issueSchema,
  pollSchema,
  weeklyStatsSchema,
} from "./schemas/content.js";

const CONTENT_TYPES: Record<string, ContentType> = {
  Issue: "issue",
  Announcement: "announcement",
  Event: "event",
  Poll: "poll",
};

/** A global id that must name an archive entry (of one type, when given). */
export function contentRef(value: string, path: string[], only?: ContentType): { id: number } {
  let decoded: ReturnType<typeof decodeId>;
  try {
    decoded = decodeId(value, path.at(-1));
  } catch {
    throw InputError.of(path, "is not a valid ID", "INVALID_ID");
  }
  const type = CONTENT_TYPES[decoded.type];
  if (!type || (only && type !== only)) {
    throw InputError.of(
      path,
      only
        ? `must be the ID of ${only === "event" ? "an" : "a"} ${only}`
        : "must be the ID of an archive entry",
      "INVALID_ID",
    );
  }
  return { id: decoded.id };
}

type Base = { slug: string; tags: string[] };

export function statsToRepo(s: z.output<typeof weeklyStatsSchema>): WeeklyStatsInput {
  return {
    weekStart: s.weekStart,
    weekEnd: s.weekEnd,
    visitors: s.visitors ?? null,
    pageViews: s.pageViews ?? null,
    browserShares: (s.browserShares ?? []).map((b) => ({
      browser: b.browser,
      share: b.share.toFixed(2),
    })),
    mailingLists: (s.mailingLists ?? []).map((m) => ({
      list: m.list,
      posts: m.posts ?? null,
      url: m.url ?? null,
    })),
    superstars: s.superstars ?? [],
  };
}

export function issueToRepo(
  i: z.output<typeof issueSchema>,
  base: Base,
  path: string[],
): IssueInput {
  return {
    ...base,
    title: i.title,
    volume: i.volume,
    number: i.number,
    summary: i.summary ?? null,
    introMd: i.intro ?? null,
    fullNewsletterUrl: i.fullNewsletterUrl ?? null,
    stats: i.stats ? statsToRepo(i.stats) : null,
    sections: (i.sections ?? []).map((s, si) => ({
      kind: s.kind,
      title: s.title,
      items: (s.items ?? []).map((item, ii) => ({
        title: item.title ?? null,
        bodyMd: item.body ?? null,
        url: item.url ?? null,
        people: item.people ?? [],
        related: item.related
          ? contentRef(item.related, [
              ...path,
              "sections",
              String(si),
              "items",
              String(ii),
              "related",
            ])
          : null,
      })),
    })),
  };
}

export function announcementToRepo(
  a: z.output<typeof announcementSchema>,
  base: Base,
): AnnouncementInput {
  return {
    ...base,
    title: a.title,
    kind: a.kind,
    dateline: a.dateline ?? null,
    summary: a.summary ?? null,
    bodyMd: a.body ?? null,
    sourceUrl: a.sourceUrl ?? null,
    highlights: (a.highlights ?? []).map((h) => ({
      title: h.title,
      detail: h.detail ?? null,
      links: h.links ?? [],
    })),
    quotes: (a.quotes ?? []).map((q) => ({ text: q.text, person: q.person, role: q.role ?? null })),
  };
}

export function eventToRepo(e: z.output<typeof eventSchema>, base: Base): EventInput {
  return {
    ...base,
    title: e.title,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    allDay: e.allDay ?? false,
    timeZone: e.timeZone ?? null,
    venue: e.venue ?? null,
    descriptionMd: e.description ?? null,
    registrationUrl: e.registrationUrl ?? null,
    price: e.price ?? null,
    presentationCount: e.presentationCount ?? null,
    sessions: (e.sessions ?? []).map((s) => ({
      title: s.title,
      abstractMd: s.abstract ?? null,
      startsAt: s.startsAt ?? null,
      endsAt: s.endsAt ?? null,
      room: s.room ?? null,
      speakers: s.speakers ?? [],
    })),
    speakers: e.speakers ?? [],
  };
}

export function pollToRepo(p: z.output<typeof pollSchema>, base: Base, path: string[]): PollInput {
  return {
    ...base,
    title: p.title,
    question: p.question,
    descriptionMd: p.description ?? null,
    opensAt: p.opensAt ?? null,
    closesAt: p.closesAt ?? null,
    resultsVisibility: p.resultsVisibility ?? "always",
    resultsEventId: p.resultsEvent
      ? contentRef(p.resultsEvent, [...path, "resultsEvent"], "event").id
      : null,
    resultsAnnouncedOn: p.resultsAnnouncedOn ?? null,
    options: p.options.map((o) => ({ label: o.label, imageUrl: o.imageUrl ?? null })),
    credits: (p.credits ?? []).map((c) => ({ person: c.person, role: c.role ?? null })),
  };
}
