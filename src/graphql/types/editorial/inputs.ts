/**
 * Input types of the editorial mutations. Each content type has a create input (required
 * fields required) and a patch input (everything optional: present fields replace stored
 * ones, lists are replaced whole, null clears). Markdown fields take Markdown source.
 */
import { builder } from "../../builder.js";
import { AnnouncementKindEnum } from "../announcement.js";
import { SectionKindEnum } from "../issue.js";
import { ResultsVisibilityEnum } from "../poll.js";

type Fields = Parameters<Parameters<typeof builder.inputType>[1]["fields"]>[0];

const LinkInput = builder.inputType("LinkInput", {
  fields: (t) => ({ title: t.string({ required: true }), url: t.string({ required: true }) }),
});

const SectionItemInput = builder.inputType("SectionItemInput", {
  fields: (t) => ({
    title: t.string(),
    body: t.string({ description: "Markdown." }),
    url: t.string(),
    people: t.stringList({ description: "Person slugs." }),
    related: t.id({ description: "Global id of the archive entry the item is about." }),
  }),
});

const IssueSectionInput = builder.inputType("IssueSectionInput", {
  fields: (t) => ({
    kind: t.field({ type: SectionKindEnum, required: true }),
    title: t.string({ required: true }),
    items: t.field({ type: [SectionItemInput] }),
  }),
});

const BrowserShareInput = builder.inputType("BrowserShareInput", {
  fields: (t) => ({
    browser: t.string({ required: true }),
    share: t.float({ required: true, description: "Percent, 0–100." }),
  }),
});

const MailingListInput = builder.inputType("MailingListInput", {
  fields: (t) => ({ list: t.string({ required: true }), posts: t.int(), url: t.string() }),
});

function statsFields(t: Fields, required: boolean) {
  return {
    weekStart: t.field({ type: "Date", required }),
    weekEnd: t.field({ type: "Date", required }),
    visitors: t.int(),
    pageViews: t.int(),
    browserShares: t.field({ type: [BrowserShareInput] }),
    mailingLists: t.field({ type: [MailingListInput] }),
    superstars: t.stringList({ description: "Person slugs." }),
  };
}

export const WeeklyStatsInput = builder.inputType("WeeklyStatsInput", {
  fields: (t) => statsFields(t, true),
});
export const WeeklyStatsPatch = builder.inputType("WeeklyStatsPatch", {
  fields: (t) => statsFields(t, false),
});

function contentFields(t: Fields, required: boolean) {
  return {
    slug: t.string({
      description: "Made from the title when absent (and kept when the title changes).",
    }),
    title: t.string({ required }),
    tags: t.stringList({ description: "Tag slugs (the tags must exist)." }),
  };
}

function issueFields(t: Fields, required: boolean) {
  return {
    ...contentFields(t, required),
    volume: t.int({ required }),
    number: t.int({ required }),
    summary: t.string(),
    intro: t.string({ description: "Markdown." }),
    fullNewsletterUrl: t.string(),
    sections: t.field({ type: [IssueSectionInput] }),
    stats: t.field({ type: WeeklyStatsInput }),
  };
}

export const IssueInput = builder.inputType("IssueInput", { fields: (t) => issueFields(t, true) });
export const IssuePatch = builder.inputType("IssuePatch", { fields: (t) => issueFields(t, false) });

const HighlightInput = builder.inputType("HighlightInput", {
  fields: (t) => ({
    title: t.string({ required: true }),
    detail: t.string(),
    links: t.field({ type: [LinkInput] }),
  }),
});

const QuoteInput = builder.inputType("QuoteInput", {
  fields: (t) => ({
    text: t.string({ required: true }),
    person: t.string({ required: true, description: "Person slug." }),
    role: t.string(),
  }),
});

function announcementFields(t: Fields, required: boolean) {
  return {
    ...contentFields(t, required),
    kind: t.field({ type: AnnouncementKindEnum, required }),
    dateline: t.string(),
    summary: t.string(),
    body: t.string({ description: "Markdown." }),
    sourceUrl: t.string(),
    highlights: t.field({ type: [HighlightInput] }),
    quotes: t.field({ type: [QuoteInput] }),
  };
}

export const AnnouncementInput = builder.inputType("AnnouncementInput", {
  fields: (t) => announcementFields(t, true),
});
export const AnnouncementPatch = builder.inputType("AnnouncementPatch", {
  fields: (t) => announcementFields(t, false),
});

const MoneyInput = builder.inputType("MoneyInput", {
  fields: (t) => ({
    amount: t.string({ required: true, description: 'Decimal, up to two places: "235.00".' }),
    currency: t.string({ required: true, description: "ISO 4217 code." }),
  }),
});

const EventSessionInput = builder.inputType("EventSessionInput", {
  fields: (t) => ({
    title: t.string({ required: true }),
    abstract: t.string({ description: "Markdown." }),
    startsAt: t.field({ type: "DateTime" }),
    endsAt: t.field({ type: "DateTime" }),
    room: t.string(),
    speakers: t.stringList({ description: "Person slugs." }),
  }),
});

function eventFields(t: Fields, required: boolean) {
  return {
    ...contentFields(t, required),
    startsAt: t.field({ type: "DateTime", required }),
    endsAt: t.field({ type: "DateTime", required }),
    allDay: t.boolean(),
    timeZone: t.string({ description: "IANA zone, e.g. Europe/Berlin." }),
    venue: t.string(),
    description: t.string({ description: "Markdown." }),
    registrationUrl: t.string(),
    price: t.field({ type: MoneyInput }),
    presentationCount: t.int(),
    sessions: t.field({ type: [EventSessionInput] }),
    speakers: t.stringList({ description: "Person slugs." }),
  };
}

export const EventInput = builder.inputType("EventInput", { fields: (t) => eventFields(t, true) });
export const EventPatch = builder.inputType("EventPatch", { fields: (t) => eventFields(t, false) });

const PollOptionInput = builder.inputType("PollOptionInput", {
  fields: (t) => ({ label: t.string({ required: true }), imageUrl: t.string() }),
});

const PollCreditInput = builder.inputType("PollCreditInput", {
  fields: (t) => ({
    person: t.string({ required: true, description: "Person slug." }),
    role: t.string(),
  }),
});

function pollFields(t: Fields, required: boolean) {
  return {
    ...contentFields(t, required),
    question: t.string({ required }),
    description: t.string({ description: "Markdown." }),
    opensAt: t.field({ type: "DateTime" }),
    closesAt: t.field({ type: "DateTime" }),
    resultsVisibility: t.field({ type: ResultsVisibilityEnum }),
    resultsEvent: t.id({ description: "Global id of the event where results are announced." }),
    resultsAnnouncedOn: t.field({ type: "Date" }),
    options: t.field({ type: [PollOptionInput], required }),
    credits: t.field({ type: [PollCreditInput] }),
  };
}

export const PollInput = builder.inputType("PollInput", { fields: (t) => pollFields(t, true) });
export const PollPatch = builder.inputType("PollPatch", { fields: (t) => pollFields(t, false) });

function personFields(t: Fields, required: boolean) {
  return { slug: t.string(), name: t.string({ required }), bio: t.string(), url: t.string() };
}
export const PersonInput = builder.inputType("PersonInput", {
  fields: (t) => personFields(t, true),
});
export const PersonPatch = builder.inputType("PersonPatch", {
  fields: (t) => personFields(t, false),
});

export const TagInput = builder.inputType("TagInput", {
  fields: (t) => ({ slug: t.string(), name: t.string({ required: true }) }),
});
export const TagPatch = builder.inputType("TagPatch", {
  fields: (t) => ({ slug: t.string(), name: t.string() }),
});
