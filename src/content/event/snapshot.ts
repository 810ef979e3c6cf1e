import type { Db } from "../../db/client.js";
import { authorSlugsOf } from "../authors/reads.js";
import { tagSlugsOf } from "../tags/reads.js";
import type { EventIn } from "./input.js";
import { eventSpeakersOwn, eventsByIds, sessionPages, speakersBySessionIds } from "./reads.js";

/** A stored event in the shape of its input (a patch is applied to this, then validated). */
export async function eventSnapshot(db: Db, id: number): Promise<EventIn | null> {
  const [e] = await eventsByIds(db, [id], { kind: "all" });
  if (!e) return null;
  const sessions = await sessionPages(db, [id], -1, 100_000);
  const speakers = await speakersBySessionIds(
    db,
    sessions.map((s) => s.id),
  );
  return {
    slug: e.slug,
    title: e.title,
    tags: await tagSlugsOf(db, id),
    authors: await authorSlugsOf(db, id),
    name: e.name,
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
