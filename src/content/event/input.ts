import { z } from "zod";
import {
  contentFields,
  count,
  httpUrl,
  line,
  list,
  markdown,
  money,
  ordered,
  slugList,
  timeZone,
} from "../../validation.js";
import type { EntryBase } from "../entry/kind.js";
import type { EventWrite } from "./writes.js";

const sessionSchema = z
  .object({
    title: line(),
    abstract: markdown.nullish(),
    startsAt: z.date().nullish(),
    endsAt: z.date().nullish(),
    room: line(200).nullish(),
    speakers: slugList(20).nullish(),
  })
  .superRefine((s, ctx) => ordered(ctx, s.startsAt, s.endsAt, ["endsAt"], "startsAt"));

/** An event as editors send it (create, or stored state with a patch applied). */
export const eventSchema = z
  .object({
    ...contentFields,
    name: line().nullish(),
    startsAt: z.date(),
    endsAt: z.date(),
    allDay: z.boolean().nullish(),
    timeZone: timeZone.nullish(),
    venue: line().nullish(),
    description: markdown.nullish(),
    registrationUrl: httpUrl.nullish(),
    price: money.nullish(),
    presentationCount: count.nullish(),
    sessions: list(sessionSchema).nullish(),
    speakers: slugList(200).nullish(),
  })
  .superRefine((e, ctx) => ordered(ctx, e.startsAt, e.endsAt, ["endsAt"], "startsAt"));

export type EventIn = z.input<typeof eventSchema>;

/** Validated input → what the writes store. */
export function eventToWrite(e: z.output<typeof eventSchema>, base: EntryBase): EventWrite {
  return {
    ...base,
    title: e.title,
    name: e.name ?? null,
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
