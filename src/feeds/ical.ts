import { TZDate } from "@date-fns/tz";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import { ICalCalendar } from "ical-generator";
import type { Db } from "../db/client.js";
import { contentIdForSlug } from "../db/repos/content.js";
import { listContent, nextScheduledAt } from "../db/repos/listing.js";
import { contentUrl } from "../graphql/types/content.js";
import type { EventNode } from "../loaders/content.js";
import { htmlToText, renderMarkdown } from "../rich-text.js";
import type { FeedSettings } from "./documents.js";
import { entryId } from "./entries.js";
import { readerContext } from "./reader-context.js";

export const CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8";
const CALENDAR_CAP = 5_000;

/** A wall-clock date in the event's zone, as ical-generator needs it for TZID times. */
const zoned = (d: Date, zone: string | null) => (zone ? new TZDate(d, zone) : d);

export type CalendarBuild =
  | { kind: "ok"; body: string; updated: Date; validUntil: Date | null }
  | { kind: "not-found"; message: string };

/**
 * iCalendar of every published event, or of one event with its agenda: each timed session is
 * its own VEVENT, related to the event. Times carry their IANA zone with a VTIMEZONE; all-day
 * events are DATE values. DTSTAMP is the content's update time, so the bytes are stable.
 */
export async function buildCalendar(
  db: Db,
  settings: FeedSettings,
  slug: string | null,
  now: Date,
): Promise<CalendarBuild> {
  const ctx = readerContext(db, settings.urls, now);
  const visibility = ctx.loaders.visibility;
  let ids: number[];
  if (slug) {
    const id = await contentIdForSlug(db, "event", slug, visibility);
    if (id == null) return { kind: "not-found", message: `No published event "${slug}".` };
    ids = [id];
  } else {
    ids = (
      await listContent(
        db,
        { visibility, types: ["event"] },
        { limit: CALENDAR_CAP, fromEnd: false },
      )
    ).map((r) => r.id);
  }
  const events = (await ctx.loaders.event.loadMany(ids)).filter(
    (e): e is EventNode => e !== null && !(e instanceof Error),
  );
  const siteHost = new URL(settings.urls.site).host;
  const single = slug ? events[0] : undefined;

  const cal = new ICalCalendar({
    name: single ? single.title : `${settings.siteTitle}: events`,
    prodId: {
      company: siteHost,
      product: "newsletter-content-api",
      language: settings.language.toUpperCase(),
    },
    url: `${settings.urls.public}/feeds/events${slug ? `/${slug}` : ""}.ics`,
  });
  cal.timezone({ name: null, generator: getVtimezoneComponent });

  const sessionLists = await Promise.all(
    events.map((e) => (slug ? ctx.loaders.events.sessionPage(-1, 1_000).load(e.id) : [])),
  );
  const speakerLists = await Promise.all(
    sessionLists.map((sessions) =>
      Promise.all(sessions.map((s) => ctx.loaders.events.sessionSpeakers.load(s.id))),
    ),
  );
  let updated = new Date(0);
  events
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id - b.id)
    .forEach((e, i) => {
      if (e.updatedAt > updated) updated = e.updatedAt;
      const uid = entryId(siteHost, e);
      const price =
        e.priceAmount && e.priceCurrency
          ? `Registration: ${e.priceAmount} ${e.priceCurrency}`
          : null;
      const sessions = sessionLists[i] ?? [];
      const agenda = sessions.map((s, n) => {
        const who = (speakerLists[i]?.[n] ?? []).map((p) => p.name).join(", ");
        return `- ${s.title}${who ? ` (${who})` : ""}`;
      });
      cal.createEvent({
        id: uid,
        stamp: e.updatedAt,
        lastModified: e.updatedAt,
        created: e.createdAt,
        allDay: e.allDay,
        start: e.allDay ? e.startsAt : zoned(e.startsAt, e.timeZone),
        end: e.allDay ? e.endsAt : zoned(e.endsAt, e.timeZone),
        timezone: e.allDay ? null : e.timeZone,
        summary: e.title,
        location: e.venue,
        url: contentUrl(ctx, e),
        description: [
          e.descriptionMd ? htmlToText(renderMarkdown(e.descriptionMd).html) : null,
          price,
          e.registrationUrl ? `Register: ${e.registrationUrl}` : null,
          e.presentationCount != null ? `${e.presentationCount} presentations` : null,
          agenda.length ? `Agenda:\n${agenda.join("\n")}` : null,
        ]
          .filter(Boolean)
          .join("\n\n"),
      });
      sessions.forEach((s, n) => {
        if (!s.startsAt) return;
        const who = (speakerLists[i]?.[n] ?? []).map((p) => p.name).join(", ");
        cal.createEvent({
          id: `${uid}/session/${s.position}`,
          stamp: e.updatedAt,
          start: zoned(s.startsAt, e.timeZone),
          end: zoned(s.endsAt ?? s.startsAt, e.timeZone),
          timezone: e.timeZone,
          summary: s.title,
          location: [s.room, e.venue].filter(Boolean).join(", ") || null,
          description: [
            who ? `Speakers: ${who}` : null,
            s.abstractMd ? renderMarkdown(s.abstractMd).text : null,
          ]
            .filter(Boolean)
            .join("\n\n"),
          url: contentUrl(ctx, e),
        });
      });
    });
  const validUntil = await nextScheduledAt(db, { types: ["event"] }, now);
  return { kind: "ok", body: cal.toString(), updated, validUntil };
}
