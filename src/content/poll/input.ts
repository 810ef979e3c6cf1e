import { z } from "zod";
import {
  contentFields,
  httpUrl,
  isoDate,
  issue,
  LIMITS,
  line,
  list,
  markdown,
} from "../../validation.js";
import { entryRef } from "../entry/input.js";
import type { EntryBase } from "../entry/kind.js";
import type { PollWrite } from "./writes.js";

/** A poll as editors send it (create, or stored state with a patch applied). */
export const pollSchema = z
  .object({
    ...contentFields,
    question: line(LIMITS.shortText),
    description: markdown.nullish(),
    opensAt: z.date().nullish(),
    closesAt: z.date().nullish(),
    resultsVisibility: z.enum(["always", "after_vote", "after_close"]).nullish(),
    resultsEvent: z.string().nullish(),
    resultsAnnouncedOn: isoDate.nullish(),
    countsRecorded: z.boolean().nullish(),
    options: z.array(z.object({ label: line(200), imageUrl: httpUrl.nullish() })),
    credits: list(z.object({ person: z.string(), role: line().nullish() }), 50).nullish(),
  })
  .superRefine((p, ctx) => {
    if (p.options.length < 2)
      issue(ctx, ["options"], "a poll needs at least 2 options", "TOO_FEW_OPTIONS");
    if (p.options.length > 20)
      issue(ctx, ["options"], "a poll takes at most 20 options", "TOO_MANY_OPTIONS");
    const labels = p.options.map((o) => o.label.toLowerCase());
    if (new Set(labels).size !== labels.length)
      issue(ctx, ["options"], "option labels must differ", "DUPLICATE");
    if (p.countsRecorded === false && !p.closesAt)
      issue(
        ctx,
        ["closesAt"],
        "a poll whose counts were not recorded is over: give the time it closed",
        "REQUIRED",
      );
    if (p.opensAt && p.closesAt && p.closesAt <= p.opensAt)
      issue(ctx, ["closesAt"], "must be after opensAt", "END_BEFORE_START");
  });

export type PollIn = z.input<typeof pollSchema>;

/** Validated input → what the writes store; `path` locates an error in the results event's id. */
export function pollToWrite(
  p: z.output<typeof pollSchema>,
  base: EntryBase,
  path: string[],
): PollWrite {
  return {
    ...base,
    title: p.title,
    question: p.question,
    descriptionMd: p.description ?? null,
    opensAt: p.opensAt ?? null,
    closesAt: p.closesAt ?? null,
    resultsVisibility: p.resultsVisibility ?? "always",
    resultsEventId: p.resultsEvent
      ? entryRef(p.resultsEvent, [...path, "resultsEvent"], "event").id
      : null,
    resultsAnnouncedOn: p.resultsAnnouncedOn ?? null,
    countsUnknownReason: p.countsRecorded === false ? "not_recorded" : null,
    options: p.options.map((o) => ({ label: o.label, imageUrl: o.imageUrl ?? null })),
    credits: (p.credits ?? []).map((c) => ({ person: c.person, role: c.role ?? null })),
  };
}
