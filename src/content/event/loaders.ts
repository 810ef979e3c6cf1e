import DataLoader from "dataloader";
import { alignMany, alignOne } from "../../read/align.js";
import type { Reader } from "../../read/reader.js";
import { recordDetail, recordLoaders } from "../../read/records.js";
import type { PersonRow } from "../people/reads.js";
import {
  type EventParts,
  type EventRecord,
  type EventWithParts,
  eventsByIds,
  eventsWithParts,
  type SessionRow,
  sessionCounts,
  sessionPages,
  speakersByEventIds,
  speakersBySessionIds,
} from "./reads.js";
import { events } from "./table.js";

export type EventNode = EventRecord & { __typename: "Event" };

/** Events by id, as the reader may see them; an answer holding one lasts until it ends. */
export const eventRecords = recordLoaders(
  "Event",
  (r, ids: readonly number[]) => eventsByIds(r.db, ids, r.visibility),
  (e) => [e.endsAt],
);

export function eventLoaders(r: Reader) {
  // One loader per distinct (after, limit) window, so every event asking the same page
  // of sessions shares one statement.
  const pages = new Map<string, DataLoader<number, SessionRow[]>>();
  return {
    sessionPage(afterPosition: number, limit: number): DataLoader<number, SessionRow[]> {
      const key = `${afterPosition}:${limit}`;
      let loader = pages.get(key);
      if (!loader) {
        loader = new DataLoader<number, SessionRow[]>(async (ids) =>
          alignMany(ids, await sessionPages(r.db, ids, afterPosition, limit), (row) => row.eventId),
        );
        pages.set(key, loader);
      }
      return loader;
    },
    sessionCount: new DataLoader<number, number>(async (ids) =>
      alignOne(ids, await sessionCounts(r.db, ids), (row) => row.eventId).map((row) => row?.n ?? 0),
    ),
    sessionSpeakers: new DataLoader<number, PersonRow[]>(async (ids) => {
      r.cacheTags.shared();
      const rows = await speakersBySessionIds(r.db, ids);
      return alignMany(ids, rows, (row) => row.sessionId).map((list) => list.map((x) => x.person));
    }),
    speakers: new DataLoader<number, PersonRow[]>(async (ids) => {
      r.cacheTags.shared();
      const rows = await speakersByEventIds(r.db, ids);
      return alignMany(ids, rows, (row) => row.eventId).map((list) => {
        const seen = new Set<number>();
        return list.map((x) => x.person).filter((p) => !seen.has(p.id) && seen.add(p.id));
      });
    }),
  };
}

/** Most sessions a feed or calendar lists for one event. */
const AGENDA_LIMIT = 1_000;

/** An event's agenda: its sessions in order, each with its speakers. */
export async function agendaOf(
  r: Reader,
  eventId: number,
): Promise<{ session: SessionRow; speakers: PersonRow[] }[]> {
  const loaders = r.use(eventLoaders);
  const sessions = await loaders.sessionPage(-1, AGENDA_LIMIT).load(eventId);
  const speakers = await Promise.all(sessions.map((s) => loaders.sessionSpeakers.load(s.id)));
  return sessions.map((session, i) => ({ session, speakers: speakers[i] ?? [] }));
}

/**
 * Events matching `clauses` with the parts asked for, read in one statement and handed to this
 * reader's loaders, recorded for the caches as if they had loaded them.
 */
export async function readEvents(
  r: Reader,
  clauses: Parameters<typeof eventsWithParts>[1],
  parts: EventParts,
): Promise<EventWithParts[]> {
  const rows = await eventsWithParts(r.db, clauses, parts);
  eventRecords.prime(r, rows);
  const loaders = r.use(eventLoaders);
  for (const { id, sessionCount } of rows)
    if (sessionCount !== undefined) loaders.sessionCount.prime(id, sessionCount);
  const window = parts.sessions;
  if (!window) return rows;
  const page = loaders.sessionPage(window.afterPosition, window.limit);
  if (window.speakers) r.cacheTags.shared();
  for (const event of rows) {
    const sessions = event.sessions ?? [];
    page.prime(
      event.id,
      sessions.map((s) => s.session),
    );
    for (const { session, speakers } of sessions)
      if (speakers) loaders.sessionSpeakers.prime(session.id, speakers);
  }
  return rows;
}

/** Its records read beside `content` in the timeline (see Reader.readPage). */
export const eventDetail = recordDetail(
  events,
  events.contentId,
  eventRecords,
  (core, { contentId: _, ...row }) => ({ ...core, ...row }),
);
