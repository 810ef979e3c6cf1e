import DataLoader from "dataloader";
import type { Dependencies } from "../cache/dependencies.js";
import type { Db } from "../db/client.js";
import {
  type SessionRow,
  sessionCounts,
  sessionPages,
  speakersByEventIds,
  speakersBySessionIds,
} from "../db/repos/events/queries.js";
import type { PersonRow } from "../db/repos/people.js";
import { alignMany, alignOne } from "./align.js";

export function eventLoaders(db: Db, deps: Dependencies) {
  // One loader per distinct (after, limit) window, so every event asking the same page
  // of sessions shares one statement.
  const pages = new Map<string, DataLoader<number, SessionRow[]>>();
  return {
    sessionPage(afterPosition: number, limit: number): DataLoader<number, SessionRow[]> {
      const key = `${afterPosition}:${limit}`;
      let loader = pages.get(key);
      if (!loader) {
        loader = new DataLoader<number, SessionRow[]>(async (ids) =>
          alignMany(ids, await sessionPages(db, ids, afterPosition, limit), (r) => r.eventId),
        );
        pages.set(key, loader);
      }
      return loader;
    },
    sessionCount: new DataLoader<number, number>(async (ids) =>
      alignOne(ids, await sessionCounts(db, ids), (r) => r.eventId).map((r) => r?.n ?? 0),
    ),
    sessionSpeakers: new DataLoader<number, PersonRow[]>(async (ids) => {
      deps.shared();
      return alignMany(ids, await speakersBySessionIds(db, ids), (r) => r.sessionId).map((rows) =>
        rows.map((r) => r.person),
      );
    }),
    speakers: new DataLoader<number, PersonRow[]>(async (ids) => {
      deps.shared();
      return alignMany(ids, await speakersByEventIds(db, ids), (r) => r.eventId).map((rows) => {
        const seen = new Set<number>();
        return rows.map((r) => r.person).filter((p) => !seen.has(p.id) && seen.add(p.id));
      });
    }),
  };
}
