import { z } from "zod";
import {
  contentFields,
  count,
  httpUrl,
  issue,
  LIMITS,
  line,
  markdown,
  money,
  ordered,
  slugList,
  timeZone,
} from "./common.js";

const list = <T extends z.ZodType>(item: T, max: number = LIMITS.listItems) =>
  z.array(item).max(max, `must have at most ${max} entries`);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");

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
      items: list(
        z
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
          }),
      ).nullish(),
    }),
    50,
  ).nullish(),
  stats: weeklyStatsSchema.nullish(),
});

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

export const eventSchema = z
  .object({
    ...contentFields,
    startsAt: z.date(),
    endsAt: z.date(),
    allDay: z.boolean().nullish(),
    timeZone: timeZone.nullish(),
    venue: line().nullish(),
    description: markdown.nullish(),
    registrationUrl: httpUrl.nullish(),
    price: money.nullish(),
    presentationCount: count.nullish(),
    sessions: list(
      z
        .object({
          title: line(),
          abstract: markdown.nullish(),
          startsAt: z.date().nullish(),
          endsAt: z.date().nullish(),
          room: line(200).nullish(),
          speakers: slugList(20).nullish(),
        })
        .superRefine((s, ctx) => ordered(ctx, s.startsAt, s.endsAt, ["endsAt"], "startsAt")),
    ).nullish(),
    speakers: slugList(200).nullish(),
  })
  .superRefine((e, ctx) => ordered(ctx, e.startsAt, e.endsAt, ["endsAt"], "startsAt"));

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
    if (p.opensAt && p.closesAt && p.closesAt <= p.opensAt)
      issue(ctx, ["closesAt"], "must be after opensAt", "END_BEFORE_START");
  });

export const personSchema = z.object({
  slug: contentFields.slug,
  name: line(200),
  bio: line(LIMITS.shortText).nullish(),
  url: httpUrl.nullish(),
});

export const tagSchema = z.object({ slug: contentFields.slug, name: line(100) });

export type IssueIn = z.input<typeof issueSchema>;
export type AnnouncementIn = z.input<typeof announcementSchema>;
export type EventIn = z.input<typeof eventSchema>;
export type PollIn = z.input<typeof pollSchema>;
export type WeeklyStatsIn = z.input<typeof weeklyStatsSchema>;
