import { TZDate } from "@date-fns/tz";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import { ICalCalendar } from "ical-generator";
import { ANONYMOUS } from "../auth/viewer.js";
import { eventName, priceText } from "../content/event/feed.js";
import { agendaOf, type EventNode, eventRecords } from "../content/event/loaders.js";
import { createReader } from "../content/kinds.js";
import type { Db } from "../db/client.js";
import { entryIdBySlug, listEntries, nextScheduledAt } from "../read/listing.js";
import type { Reader } from "../read/reader.js";
import { entryUrl } from "../read/urls.js";
import { prepareMarkdown } from "../text/offload.js";
import { htmlToText, renderMarkdown } from "../text/rich-text.js";
import { type FeedSettings, idAuthorityOf } from "./documents.js";
import { entryId } from "./entries.js";

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
/** The published events a calendar holds: one by slug, or all of them. */
async function eventsOf(r: Reader, slug: string | null): Promise<EventNode[] | null> {
  let ids: number[];
  if (slug) {
    const id = await entryIdBySlug(r.db, "event", slug, r.visibility);
    if (id == null) return null;
    ids = [id];
  } else {
    const query = { visibility: r.visibility, types: ["event" as const] };
    ids = (await listEntries(r.db, query, { limit: CALENDAR_CAP, fromEnd: false })).map(
      (e) => e.id,
    );
  }
  const events = await r.use(eventRecords).loadMany(ids);
  return events.filter((e): e is EventNode => e !== null && !(e instanceof Error));
}

/**
 * An iCalendar TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, every
 * line break as `\n`, so no value can end its line and start a property or component.
 */
export function icalText(value: string): string {
  return value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, "\\n");
}

type Agenda = Awaited<ReturnType<typeof agendaOf>>;

/** One event as a VEVENT, and each of its timed sessions as a VEVENT related to it. */
function addEvent(cal: ICalCalendar, r: Reader, e: EventNode, agenda: Agenda, authority: string) {
  const uid = entryId(authority, e);
  const url = entryUrl(r.urls, e);
  const price = priceText(e);
  const who = (speakers: Agenda[number]["speakers"]) => speakers.map((p) => p.name).join(", ");
  const lines = agenda.map(
    ({ session: s, speakers }) => `- ${s.title}${speakers.length ? ` (${who(speakers)})` : ""}`,
  );
  cal.createEvent({
    id: uid,
    stamp: e.updatedAt,
    lastModified: e.updatedAt,
    created: e.createdAt,
    allDay: e.allDay,
    start: e.allDay ? e.startsAt : zoned(e.startsAt, e.timeZone),
    end: e.allDay ? e.endsAt : zoned(e.endsAt, e.timeZone),
    timezone: e.allDay ? null : e.timeZone,
    summary: eventName(e),
    location: e.venue,
    url,
    description: [
      e.descriptionMd ? htmlToText(renderMarkdown(e.descriptionMd).html) : null,
      price ? `Registration: ${price}` : null,
      e.registrationUrl ? `Register: ${e.registrationUrl}` : null,
      e.presentationCount != null ? `${e.presentationCount} presentations` : null,
      lines.length ? `Agenda:\n${lines.join("\n")}` : null,
    ]
      .filter(Boolean)
      .join("\n\n"),
  });
  for (const { session: s, speakers } of agenda) {
    if (!s.startsAt) continue;
    cal.createEvent({
      id: `${uid}/session/${s.position}`,
      stamp: e.updatedAt,
      start: zoned(s.startsAt, e.timeZone),
      end: zoned(s.endsAt ?? s.startsAt, e.timeZone),
      timezone: e.timeZone,
      summary: s.title,
      location: [s.room, e.venue].filter(Boolean).join(", ") || null,
      description: [
        speakers.length ? `Speakers: ${who(speakers)}` : null,
        s.abstractMd ? renderMarkdown(s.abstractMd).text : null,
      ]
        .filter(Boolean)
        .join("\n\n"),
      url,
    });
  }
}

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
  const r = createReader({ db, viewer: ANONYMOUS, now, urls: settings.urls });
  const events = await eventsOf(r, slug);
  if (!events) return { kind: "not-found", message: `No published event "${slug}".` };
  const authority = idAuthorityOf(settings);
  const cal = new ICalCalendar({
    // ical-generator writes NAME and X-WR-CALNAME as given: escape them as TEXT ourselves.
    name: icalText(slug && events[0] ? eventName(events[0]) : `${settings.siteTitle}: events`),
    prodId: {
      company: authority,
      product: "newsletter-content-api",
      language: settings.language.toUpperCase(),
    },
    url: `${settings.urls.public}/feeds/events${slug ? `/${slug}` : ""}.ics`,
  });
  cal.timezone({ name: null, generator: getVtimezoneComponent });
  // The whole calendar lists events only; one event's calendar carries its agenda.
  const agendas = await Promise.all(events.map((e) => (slug ? agendaOf(r, e.id) : [])));
  await prepareMarkdown([
    ...events.map((e) => e.descriptionMd),
    ...agendas.flat().map((a) => a.session.abstractMd),
  ]);
  const order = events
    .map((e, i) => ({ e, agenda: agendas[i] ?? [] }))
    .sort((a, b) => a.e.startsAt.getTime() - b.e.startsAt.getTime() || a.e.id - b.e.id);
  for (const { e, agenda } of order) addEvent(cal, r, e, agenda, authority);
  const updated = new Date(
    Math.max(
      0,
      ...events.map((e) => Math.max(e.updatedAt.getTime(), e.publishedAt?.getTime() ?? 0)),
    ),
  );
  const validUntil = await nextScheduledAt(db, { types: ["event"] }, now);
  return { kind: "ok", body: cal.toString(), updated, validUntil };
}
