import { z } from "zod";
import { count, httpUrl, isoDate, issue, line, list, slugList } from "../../validation.js";
import type { StatsWrite } from "./writes.js";

/** Weekly stats as editors send them (standalone, or inside an issue). */
export const weeklyStatsSchema = z
  .object({
    weekStart: isoDate,
    weekEnd: isoDate,
    visitors: count.nullish(),
    pageViews: count.nullish(),
    browserShares: list(
      z.object({
        browser: line(100),
        share: z.number().min(0, "must be between 0 and 100").max(100, "must be between 0 and 100"),
      }),
      50,
    ).nullish(),
    mailingLists: list(
      z.object({ list: line(100), posts: count.nullish(), url: httpUrl.nullish() }),
      50,
    ).nullish(),
    superstars: slugList(50).nullish(),
  })
  .superRefine((s, ctx) => {
    if (s.weekEnd < s.weekStart)
      issue(ctx, ["weekEnd"], "must not be before weekStart", "END_BEFORE_START");
    const browsers = (s.browserShares ?? []).map((b) => b.browser);
    if (new Set(browsers).size !== browsers.length)
      issue(ctx, ["browserShares"], "must not repeat a browser", "DUPLICATE");
  });

export type StatsIn = z.input<typeof weeklyStatsSchema>;

/** Validated input → what the writes store. */
export function statsToWrite(s: z.output<typeof weeklyStatsSchema>): StatsWrite {
  return {
    weekStart: s.weekStart,
    weekEnd: s.weekEnd,
    visitors: s.visitors ?? null,
    pageViews: s.pageViews ?? null,
    browserShares: (s.browserShares ?? []).map((b) => ({
      browser: b.browser,
      share: b.share.toFixed(2),
    })),
    mailingLists: (s.mailingLists ?? []).map((m) => ({
      list: m.list,
      posts: m.posts ?? null,
      url: m.url ?? null,
    })),
    superstars: s.superstars ?? [],
  };
}
