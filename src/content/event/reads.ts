import { and, asc, eq, gt, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { jsonList, jsonRows, renderedOnce, rowFromJson, rowJson } from "../../db/json-rows.js";
import { content, type EntryCore, entryColumns } from "../../read/table.js";
import { type Visibility, visibleSql } from "../../read/visibility.js";
import { type PersonRow, peopleFromJson, peopleJson } from "../people/reads.js";
import { people } from "../people/table.js";
import { eventSessions, eventSpeakers, events, sessionSpeakers } from "./table.js";

export type EventRecord = EntryCore & Omit<typeof events.$inferSelect, "contentId">;
export type SessionRow = typeof eventSessions.$inferSelect;

const eventFields = {
  ...entryColumns,
  name: events.name,
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
};

export function eventsByIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
): Promise<EventRecord[]> {
  return db
    .select(eventFields)
    .from(content)
    .innerJoin(events, eq(events.contentId, content.id))
    .where(and(inArray(content.id, [...ids]), visibleSql(visibility)));
}

/** A page of an event's agenda: the sessions after a position, at most `limit`. */
export interface SessionWindow {
  afterPosition: number;
  limit: number;
}

/** What an event read brings along with each event (null: not asked for). */
export interface EventParts {
  sessions: (SessionWindow & { speakers: boolean }) | null;
  sessionCount: boolean;
}

export type EventWithParts = EventRecord & {
  sessions?: { session: SessionRow; speakers?: PersonRow[] }[];
  sessionCount?: number;
};

/** A session as JSON, with its speakers when asked (the part of `sessionsJson` without parameters). */
function sessionJson(speakers: boolean): SQL {
  return renderedOnce(`event.session speakers=${speakers}`, () => buildSessionJson(speakers));
}

function buildSessionJson(withSpeakers: boolean): SQL {
  const speakers = withSpeakers
    ? {
        speakers: peopleJson(
          sessionSpeakers,
          sessionSpeakers.personId,
          sql`${sessionSpeakers.sessionId} = ${eventSessions.id}`,
          sessionSpeakers.position,
        ),
      }
    : undefined;
  return rowJson(eventSessions, speakers);
}

function sessionsJson(parts: NonNullable<EventParts["sessions"]>): SQL {
  const window = sql`${eventSessions.eventId} = ${content.id} and ${eventSessions.position} > ${parts.afterPosition}`;
  return jsonList(
    sessionJson(parts.speakers),
    sql`from ${eventSessions} where ${window}`,
    sql`${eventSessions.position}`,
    parts.limit,
  );
}

/**
 * Events matching `clauses` (a page of a list, or one by slug), each with the parts asked
 * for, in one statement: the parts come back as JSON built by PostgreSQL.
 */
export async function eventsWithParts(
  db: Db,
  clauses: { where: SQL | undefined; orderBy: SQL[]; limit: number },
  parts: EventParts,
): Promise<EventWithParts[]> {
  const rows = await db
    .select({
      ...eventFields,
      sessions: parts.sessions ? sessionsJson(parts.sessions) : sql<null>`null`,
      sessionCount: parts.sessionCount
        ? sql<number>`(select count(*)::int from ${eventSessions} where ${eventSessions.eventId} = ${content.id})`
        : sql<null>`null`,
    })
    .from(content)
    .innerJoin(events, eq(events.contentId, content.id))
    .where(clauses.where)
    .orderBy(...clauses.orderBy)
    .limit(clauses.limit);
  return rows.map(({ sessions, sessionCount, ...event }) => ({
    ...event,
    sessionCount: sessionCount ?? undefined,
    sessions: parts.sessions
      ? jsonRows(sessions).map((json) => ({
          session: rowFromJson(eventSessions, json),
          speakers: parts.sessions?.speakers ? peopleFromJson(json.speakers) : undefined,
        }))
      : undefined,
  }));
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

/** List condition: events not yet ended at `now` (upcoming), or ended (past). */
export function timingSql(upcoming: boolean, now: Date): SQL {
  const ends = upcoming ? gte(events.endsAt, now) : lt(events.endsAt, now);
  return sql`exists (select 1 from ${events} where ${events.contentId} = ${content.id} and ${ends})`;
}

/** Events naming a person: as one of their speakers or a session's. */
export function eventsNaming(personId: number): SQL {
  return sql`select ${eventSpeakers.eventId} from ${eventSpeakers} where ${eventSpeakers.personId} = ${personId}
    union select ${eventSessions.eventId} from ${sessionSpeakers}
      join ${eventSessions} on ${eventSessions.id} = ${sessionSpeakers.sessionId}
      where ${sessionSpeakers.personId} = ${personId}`;
}
