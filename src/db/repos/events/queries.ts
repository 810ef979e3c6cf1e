import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "../../client.js";
import { content } from "../../tables/content.js";
import { eventSessions, eventSpeakers, events, sessionSpeakers } from "../../tables/events.js";
import { people } from "../../tables/people.js";
import { type ContentCore, contentColumns } from "../content.js";
import { contentVisible, type Visibility } from "../visibility.js";

export type EventRecord = ContentCore & Omit<typeof events.$inferSelect, "contentId">;
export type SessionRow = typeof eventSessions.$inferSelect;

export function eventsByIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
): Promise<EventRecord[]> {
  return db
    .select({
      ...contentColumns,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      allDay: events.allDay,
      timeZone: events.timeZone,
      venue: events.venue,
      descriptionMd: events.descriptionMd,
      registrationUrl: events.registrationUrl,
      priceAmount: events.priceAmount,
      priceCurrency: events.priceCurrency,
      presentationCount: events.presentationCount,
    })
    .from(content)
    .innerJoin(events, eq(events.contentId, content.id))
    .where(and(inArray(content.id, [...ids]), contentVisible(visibility)));
}

/**
 * For each event, its sessions after position `afterPosition`, at most `limit` each:
 * one statement for any number of events (a window per event).
 */
export async function sessionPages(
  db: Db,
  eventIds: readonly number[],
  afterPosition: number,
  limit: number,
): Promise<SessionRow[]> {
  const ranked = db
    .select({
      id: eventSessions.id,
      eventId: eventSessions.eventId,
      position: eventSessions.position,
      title: eventSessions.title,
      abstractMd: eventSessions.abstractMd,
      startsAt: eventSessions.startsAt,
      endsAt: eventSessions.endsAt,
      room: eventSessions.room,
      rank: sql<number>`row_number() over (partition by ${eventSessions.eventId} order by ${eventSessions.position})`.as(
        "rank",
      ),
    })
    .from(eventSessions)
    .where(
      and(inArray(eventSessions.eventId, [...eventIds]), gt(eventSessions.position, afterPosition)),
    )
    .as("ranked");
  const rows = await db
    .select()
    .from(ranked)
    .where(sql`${ranked.rank} <= ${limit}`)
    .orderBy(asc(ranked.eventId), asc(ranked.position));
  return rows.map(({ rank: _rank, ...row }) => row);
}

export function sessionCounts(db: Db, eventIds: readonly number[]) {
  return db
    .select({ eventId: eventSessions.eventId, n: sql<number>`count(*)::int` })
    .from(eventSessions)
    .where(inArray(eventSessions.eventId, [...eventIds]))
    .groupBy(eventSessions.eventId);
}

export function speakersBySessionIds(db: Db, ids: readonly number[]) {
  return db
    .select({ sessionId: sessionSpeakers.sessionId, person: people })
    .from(sessionSpeakers)
    .innerJoin(people, eq(people.id, sessionSpeakers.personId))
    .where(inArray(sessionSpeakers.sessionId, [...ids]))
    .orderBy(asc(sessionSpeakers.sessionId), asc(sessionSpeakers.position));
}

/** The event's own speakers followed by its sessions' speakers, each person once. */
export async function speakersByEventIds(db: Db, ids: readonly number[]) {
  const own = await db
    .select({ eventId: eventSpeakers.eventId, person: people, position: eventSpeakers.position })
    .from(eventSpeakers)
    .innerJoin(people, eq(people.id, eventSpeakers.personId))
    .where(inArray(eventSpeakers.eventId, [...ids]))
    .orderBy(asc(eventSpeakers.eventId), asc(eventSpeakers.position));
  const fromSessions = await db
    .select({ eventId: eventSessions.eventId, person: people })
    .from(sessionSpeakers)
    .innerJoin(eventSessions, eq(eventSessions.id, sessionSpeakers.sessionId))
    .innerJoin(people, eq(people.id, sessionSpeakers.personId))
    .where(inArray(eventSessions.eventId, [...ids]))
    .orderBy(
      asc(eventSessions.eventId),
      asc(eventSessions.position),
      asc(sessionSpeakers.position),
    );
  return [...own, ...fromSessions];
}

/** The event's own speakers (not its sessions'), in order. */
export async function eventSpeakersOwn(db: Db, id: number) {
  const rows = await db
    .select({ person: people })
    .from(eventSpeakers)
    .innerJoin(people, eq(people.id, eventSpeakers.personId))
    .where(eq(eventSpeakers.eventId, id))
    .orderBy(asc(eventSpeakers.position));
  return rows.map((r) => r.person);
}
