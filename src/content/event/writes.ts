import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { chunkRows, must } from "../../db/sql.js";
import { renderMarkdown } from "../../text/rich-text.js";
import { type EntryWrite, insertEntryRows, updateEntryRow } from "../entry/writes.js";
import { resolvePeople } from "../people/reads.js";
import { eventSessions, eventSpeakers, events, sessionSpeakers } from "./table.js";

export interface SessionWrite {
  title: string;
  abstractMd?: string | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  room?: string | null;
  /** Person slugs. */
  speakers?: readonly string[];
}

export interface EventWrite extends EntryWrite {
  /** The event's own name when the title is a headline about it. */
  name?: string | null;
  startsAt: Date;
  endsAt: Date;
  allDay?: boolean;
  timeZone?: string | null;
  venue?: string | null;
  descriptionMd?: string | null;
  registrationUrl?: string | null;
  /** Decimal string and ISO 4217 code. */
  price?: { amount: string; currency: string } | null;
  presentationCount?: number | null;
  sessions?: readonly SessionWrite[];
  /** Person slugs of the event's own speakers. */
  speakers?: readonly string[];
}

export function eventSearchText(input: EventWrite): string {
  return [
    input.name ?? "",
    input.venue ?? "",
    input.descriptionMd ? renderMarkdown(input.descriptionMd).text : "",
    ...(input.sessions ?? []).flatMap((s) => [
      s.title,
      s.abstractMd ? renderMarkdown(s.abstractMd).text : "",
    ]),
  ]
    .filter(Boolean)
    .join("\n");
}

const detail = (e: EventWrite) => ({
  name: e.name ?? null,
  startsAt: e.startsAt,
  endsAt: e.endsAt,
  allDay: e.allDay ?? false,
  timeZone: e.timeZone ?? null,
  venue: e.venue ?? null,
  descriptionMd: e.descriptionMd ?? null,
  registrationUrl: e.registrationUrl ?? null,
  priceAmount: e.price?.amount ?? null,
  priceCurrency: e.price?.currency ?? null,
  presentationCount: e.presentationCount ?? null,
});

export async function createEvents(db: Db, inputs: readonly EventWrite[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  const ids = await insertEntryRows(
    db,
    "event",
    inputs.map((base) => ({ base, searchText: eventSearchText(base) })),
  );
  const idOf = (slug: string) => must(ids, slug, "event");
  for (const chunk of chunkRows(inputs.map((e) => ({ contentId: idOf(e.slug), ...detail(e) })))) {
    await db.insert(events).values(chunk);
  }

  await insertChildren(
    db,
    inputs.map((input) => ({ id: idOf(input.slug), input })),
  );
  return inputs.map((e) => idOf(e.slug));
}

/**
 * Rewrite an event in place: the row stays (polls announcing results there keep their
 * link), sessions and speakers are rebuilt.
 */
export async function replaceEvent(db: Db, id: number, input: EventWrite, at: Date): Promise<void> {
  await updateEntryRow(db, id, input, eventSearchText(input), at);
  await db.update(events).set(detail(input)).where(eq(events.contentId, id));
  await db.delete(eventSessions).where(eq(eventSessions.eventId, id));
  await db.delete(eventSpeakers).where(eq(eventSpeakers.eventId, id));
  await insertChildren(db, [{ id, input }]);
}

async function insertChildren(
  db: Db,
  targets: readonly { id: number; input: EventWrite }[],
): Promise<void> {
  const people = await resolvePeople(
    db,
    targets.flatMap(({ input: e }) => [
      ...(e.speakers ?? []),
      ...(e.sessions ?? []).flatMap((s) => s.speakers ?? []),
    ]),
  );
  const sessionIds = new Map<string, number>();
  for (const chunk of chunkRows(
    targets.flatMap(({ id, input: e }) =>
      (e.sessions ?? []).map((s, position) => ({
        eventId: id,
        position,
        title: s.title,
        abstractMd: s.abstractMd ?? null,
        startsAt: s.startsAt ?? null,
        endsAt: s.endsAt ?? null,
        room: s.room ?? null,
      })),
    ),
  )) {
    const rows = await db.insert(eventSessions).values(chunk).returning({
      id: eventSessions.id,
      eventId: eventSessions.eventId,
      position: eventSessions.position,
    });
    for (const r of rows) sessionIds.set(`${r.eventId}:${r.position}`, r.id);
  }
  const sessionSpeakerRows = targets.flatMap(({ id, input: e }) =>
    (e.sessions ?? []).flatMap((s, sp) =>
      (s.speakers ?? []).map((slug, position) => ({
        sessionId: must(sessionIds, `${id}:${sp}`, "session"),
        personId: must(people, slug, "person").id,
        position,
      })),
    ),
  );
  for (const chunk of chunkRows(sessionSpeakerRows)) await db.insert(sessionSpeakers).values(chunk);
  const speakerRows = targets.flatMap(({ id, input: e }) =>
    (e.speakers ?? []).map((slug, position) => ({
      eventId: id,
      personId: must(people, slug, "person").id,
      position,
    })),
  );
  for (const chunk of chunkRows(speakerRows)) await db.insert(eventSpeakers).values(chunk);
}
