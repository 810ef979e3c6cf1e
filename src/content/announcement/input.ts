import { z } from "zod";
import { contentFields, httpUrl, LIMITS, line, list, markdown } from "../../validation.js";
import type { EntryBase } from "../entry/kind.js";
import type { AnnouncementWrite } from "./writes.js";

/** An announcement as editors send it (create, or stored state with a patch applied). */
export const announcementSchema = z.object({
  ...contentFields,
  kind: z.enum(["press_release", "feature_list", "news"]),
  dateline: line().nullish(),
  summary: line(LIMITS.shortText).nullish(),
  body: markdown.nullish(),
  sourceUrl: httpUrl.nullish(),
  highlights: list(
    z.object({
      title: line(LIMITS.shortText),
      detail: line(LIMITS.shortText).nullish(),
      links: list(z.object({ title: line(), url: httpUrl }), 20).nullish(),
    }),
    200,
  ).nullish(),
  quotes: list(
    z.object({ text: line(LIMITS.shortText * 5), person: z.string(), role: line().nullish() }),
    50,
  ).nullish(),
});

export type AnnouncementIn = z.input<typeof announcementSchema>;

/** Validated input → what the writes store. */
export function announcementToWrite(
  a: z.output<typeof announcementSchema>,
  base: EntryBase,
): AnnouncementWrite {
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
