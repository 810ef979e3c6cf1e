import { contentIdForSlug } from "../../db/repos/content.js";
import type { SessionRow } from "../../db/repos/events/queries.js";
import type { EventNode } from "../../loaders/content.js";
import { builder, pageComplexity } from "../builder.js";
import { type ConnectionArgs, pageSize, positionCursor, toConnection } from "../pagination.js";
import { ContentRef, contentConnection, monthRange } from "./content.js";
import { PersonRef } from "./person.js";
import { RichTextRef, richTextOf } from "./rich-text.js";

export const EventRef = builder.objectRef<EventNode>("Event");

const MoneyRef = builder.simpleObject("Money", {
  description: "An exact amount: a decimal string and an ISO 4217 currency code.",
  fields: (t) => ({ amount: t.string(), currency: t.string() }),
});

const RegistrationRef = builder
  .objectRef<{ url: string | null; price: { amount: string; currency: string } | null }>(
    "Registration",
  )
  .implement({
    fields: (t) => ({
      url: t.exposeString("url", { nullable: true }),
      price: t.field({ type: MoneyRef, nullable: true, resolve: (r) => r.price }),
    }),
  });

const EventSessionRef = builder.objectRef<SessionRow>("EventSession").implement({
  description: "One talk or slot of an event's agenda.",
  fields: (t) => ({
    title: t.exposeString("title"),
    abstract: t.field({
      type: RichTextRef,
      nullable: true,
      resolve: richTextOf((s) => s.abstractMd),
    }),
    startsAt: t.field({ type: "DateTime", nullable: true, resolve: (s) => s.startsAt }),
    endsAt: t.field({ type: "DateTime", nullable: true, resolve: (s) => s.endsAt }),
    room: t.exposeString("room", { nullable: true }),
    speakers: t.field({
      type: [PersonRef],
      resolve: (s, _args, ctx) => ctx.loaders.events.sessionSpeakers.load(s.id),
    }),
  }),
});

const EventSessionConnectionRef = builder.connectionObject(
  { type: EventSessionRef, name: "EventSessionConnection" },
  { name: "EventSessionEdge" },
);

builder.node(EventRef, {
  interfaces: [ContentRef],
  id: { resolve: (e) => e.id },
  fields: (t) => ({
    startsAt: t.field({ type: "DateTime", resolve: (e) => e.startsAt }),
    endsAt: t.field({
      type: "DateTime",
      description: "End instant; for all-day events the start of the day after the last day.",
      resolve: (e) => e.endsAt,
    }),
    allDay: t.exposeBoolean("allDay", {
      description: "Whole days: only the dates of startsAt/endsAt are meaningful.",
    }),
    timeZone: t.exposeString("timeZone", {
      nullable: true,
      description: "IANA zone of the venue.",
    }),
    venue: t.exposeString("venue", { nullable: true }),
    description: t.field({
      type: RichTextRef,
      nullable: true,
      resolve: richTextOf((e) => e.descriptionMd),
    }),
    registration: t.field({
      type: RegistrationRef,
      nullable: true,
      resolve: (e) =>
        e.registrationUrl == null && e.priceAmount == null
          ? null
          : {
              url: e.registrationUrl,
              price:
                e.priceAmount != null && e.priceCurrency != null
                  ? { amount: e.priceAmount, currency: e.priceCurrency }
                  : null,
            },
    }),
    presentationCount: t.exposeInt("presentationCount", { nullable: true }),
    sessions: t.field({
      type: EventSessionConnectionRef,
      description: "The agenda, in order.",
      args: { first: t.arg.int(), after: t.arg.string() },
      complexity: pageComplexity,
      resolve: async (event, args: ConnectionArgs, ctx) => {
        const size = pageSize(args, 50);
        const afterPosition = args.after != null ? positionCursor.decode(args.after, "after") : -1;
        const rows = await ctx.loaders.events.sessionPage(afterPosition, size + 1).load(event.id);
        return toConnection(
          rows,
          { size, fromEnd: false },
          args,
          (s) => positionCursor.encode(s.position),
          rows,
          () => ctx.loaders.events.sessionCount.load(event.id),
        );
      },
    }),
    speakers: t.field({
      type: [PersonRef],
      resolve: (e, _args, ctx) => ctx.loaders.events.speakers.load(e.id),
    }),
  }),
});

const EventFilterInput = builder.inputType("EventFilter", {
  fields: (t) => ({
    upcoming: t.boolean({ description: "true: not yet ended; false: ended." }),
    month: t.string({ description: 'Publication month in UTC, "YYYY-MM".' }),
    tag: t.string(),
  }),
});

const EventConnectionRef = builder.connectionObject(
  { type: EventRef, name: "EventConnection" },
  { name: "EventEdge" },
);

builder.queryFields((t) => ({
  event: t.field({
    type: EventRef,
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (_root, { slug }, ctx) => {
      ctx.deps.list(["event"]);
      const id = await contentIdForSlug(ctx.db, "event", slug, ctx.loaders.visibility);
      return id == null ? null : ctx.loaders.event.load(id);
    },
  }),
  events: t.connection(
    {
      type: EventRef,
      description: "Events, newest announcement first.",
      args: { filter: t.arg({ type: EventFilterInput }) },
      complexity: pageComplexity,
      resolve: (_root, args, ctx) => {
        const f = args.filter;
        const range = f?.month != null ? monthRange(f.month, "filter.month") : undefined;
        return contentConnection(
          ctx,
          args,
          {
            visibility: ctx.loaders.visibility,
            types: ["event"],
            from: range?.from,
            until: range?.until,
            tag: f?.tag ?? undefined,
            eventTiming: f?.upcoming != null ? { upcoming: f.upcoming, now: ctx.now } : undefined,
          },
          (rows) => ctx.loaders.event.loadMany(rows.map((r) => r.id)),
        );
      },
    },
    EventConnectionRef,
  ),
}));
