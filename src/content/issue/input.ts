import { z } from "zod";
import {
  contentFields,
  httpUrl,
  issue,
  LIMITS,
  line,
  list,
  markdown,
  slugList,
} from "../../validation.js";
import { entryRef } from "../entry/input.js";
import type { EntryBase } from "../entry/kind.js";
import { statsToWrite, weeklyStatsSchema } from "../stats/input.js";
import type { IssueWrite } from "./writes.js";

const itemSchema = z
  .object({
    title: line().nullish(),
    body: markdown.nullish(),
    url: httpUrl.nullish(),
    people: slugList(50).nullish(),
    related: z.string().nullish(),
  })
  .superRefine((item, ctx) => {
    if (!item.title && !item.body)
      issue(ctx, ["title"], "an item needs a title or a body", "REQUIRED");
  });

/** An issue as editors send it (createIssue, or stored state with a patch applied). */
export const issueSchema = z.object({
  ...contentFields,
  volume: z.number().int().min(1, "must be at least 1"),
  number: z.number().int().min(1, "must be at least 1"),
  summary: line(LIMITS.shortText).nullish(),
  intro: markdown.nullish(),
  fullNewsletterUrl: httpUrl.nullish(),
  sections: list(
    z.object({
      kind: z.enum(["news", "events", "products", "members", "stats", "other"]),
      title: line(),
      items: list(itemSchema).nullish(),
    }),
    50,
  ).nullish(),
  stats: weeklyStatsSchema.nullish(),
});

export type IssueIn = z.input<typeof issueSchema>;
type Issue = z.output<typeof issueSchema>;

/** Validated input → what the writes store; `path` locates errors in related-entry ids. */
export function issueToWrite(i: Issue, base: EntryBase, path: string[]): IssueWrite {
  return {
    ...base,
    title: i.title,
    volume: i.volume,
    number: i.number,
    summary: i.summary ?? null,
    introMd: i.intro ?? null,
    fullNewsletterUrl: i.fullNewsletterUrl ?? null,
    stats: i.stats ? statsToWrite(i.stats) : null,
    sections: (i.sections ?? []).map((s, si) => ({
      kind: s.kind,
      title: s.title,
      items: (s.items ?? []).map((item, ii) => ({
        title: item.title ?? null,
        bodyMd: item.body ?? null,
        url: item.url ?? null,
        people: item.people ?? [],
        related: item.related
          ? entryRef(item.related, [
              ...path,
              "sections",
              String(si),
              "items",
              String(ii),
              "related",
            ])
          : null,
      })),
    })),
  };
}
