import { builder, pageComplexity } from "../../graphql/builder.js";
import type { Context } from "../../graphql/context.js";
import { Selected } from "../../graphql/lookahead.js";
import {
  type ConnectionArgs,
  pageSize,
  positionCursor,
  toConnection,
} from "../../graphql/pagination.js";
import { RichTextRef, richTextOf } from "../../graphql/rich-text.js";
import { type ContentQuery, changedSinceSql } from "../../read/listing.js";
import { monthRange } from "../../read/months.js";
import { eventDays } from "../../text/dates.js";
import { ContentRef, entryBySlug, type PageRead, typeConnection } from "../entry/graphql.js";
import { PersonRef } from "../people/graphql.js";
import { taggedSql } from "../tags/reads.js";
import { eventName } from "./feed.js";
import { type EventNode, eventLoaders, eventRecords, readEvents } from "./loaders.js";
import { type EventParts, type SessionRow, type SessionWindow, timingSql } from "./reads.js";

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
      resolve: (s, _args, ctx) => ctx.reader.use(eventLoaders).sessionSpeakers.load(s.id),
    }),
  }),
});

const EventSessionConnectionRef = builder.connectionObject(
  { type: EventSessionRef, name: "EventSessionConnection" },
  { name: "EventSessionEdge" },
);

function registrationOf(e: EventNode) {
  if (e.registrationUrl == null && e.priceAmount == null) return null;
  const price =
    e.priceAmount != null && e.priceCurrency != null
      ? { amount: e.priceAmount, currency: e.priceCurrency }
      : null;
  return { url: e.registrationUrl, price };
}

/** The window of sessions a page asks for (one extra row tells whether more follow). */
function sessionWindow(args: ConnectionArgs): SessionWindow & { size: number } {
  const size = pageSize(args, 50);
  const afterPosition = args.after != null ? positionCursor.decode(args.after, "after") : -1;
  return { size, afterPosition, limit: size + 1 };
}

/**
 * What an event read brings along, from what the request selects under it: the sessions when
 * every selection of them asks for the same page (arguments it cannot read are left to the
 * field, which reports them).
 */
function eventParts(event: Selected | null): EventParts {
  const sessions = event?.field("sessions");
  if (!sessions) return { sessions: null, sessionCount: false };
  const sessionCount = sessions.has("totalCount");
  try {
    const windows = sessions.argsOn("Event").map((args) => sessionWindow(args));
    const [first] = windows;
    const same = windows.every(
      (w) => w.afterPosition === first?.afterPosition && w.limit === first.limit,
    );
    if (!first || !same) return { sessions: null, sessionCount };
    const speakers = sessions.path("edges", "node")?.has("speakers") ?? false;
    const window = { afterPosition: first.afterPosition, limit: first.limit, speakers };
    return { sessions: window, sessionCount };
  } catch {
    return { sessions: null, sessionCount };
  }
}

/** A page of an event's agenda, by position. */
async function sessionsOf(event: EventNode, args: ConnectionArgs, ctx: Context) {
  const loaders = ctx.reader.use(eventLoaders);
  const { size, afterPosition, limit } = sessionWindow(args);
  const rows = await loaders.sessionPage(afterPosition, limit).load(event.id);
  const cursorOf = (s: SessionRow) => positionCursor.encode(s.position);
  const total = () => loaders.sessionCount.load(event.id);
  return toConnection(rows, { size, fromEnd: false }, args, cursorOf, rows, total);
}

builder.node(EventRef, {
  interfaces: [ContentRef],
  id: { resolve: (e) => e.id },
  fields: (t) => ({
    name: t.string({
      description:
        "The event's own name (\"Xen Summit North America at AMD\"); the title is the post's headline about it. The title when no name was given.",
      resolve: (e) => eventName(e),
    }),
    startsAt: t.field({ type: "DateTime", resolve: (e) => e.startsAt }),
    endsAt: t.field({
      type: "DateTime",
      description: "End instant; for all-day events the start of the day after the last day.",
      resolve: (e) => e.endsAt,
    }),
    startDate: t.field({
      type: "Date",
      description:
        "First day, inclusive, as the venue's calendar reads it: what to show for dates. All-day events are whole dates; timed ones are read in timeZone (UTC when none).",
      resolve: (e) => eventDays(e).startDate,
    }),
    endDate: t.field({
      type: "Date",
      description:
        "Last day, inclusive (endsAt of an all-day event is the midnight after it): what to show for dates.",
      resolve: (e) => eventDays(e).endDate,
    }),
    allDay: t.exposeBoolean("allDay", {
      description:
        "Whole days: startsAt is midnight UTC of the first day and endsAt midnight UTC after the last (use startDate/endDate to show them).",
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
    registration: t.field({ type: RegistrationRef, nullable: true, resolve: registrationOf }),
    presentationCount: t.exposeInt("presentationCount", { nullable: true }),
    sessions: t.field({
      type: EventSessionConnectionRef,
      description: "The agenda, in order.",
      args: { first: t.arg.int(), after: t.arg.string() },
      complexity: pageComplexity,
      resolve: (event, args: ConnectionArgs, ctx) => sessionsOf(event, args, ctx),
    }),
    speakers: t.field({
      type: [PersonRef],
      resolve: (e, _args, ctx) => ctx.reader.use(eventLoaders).speakers.load(e.id),
    }),
  }),
});

const EventFilterInput = builder.inputType("EventFilter", {
  fields: (t) => ({
    upcoming: t.boolean({ description: "true: not yet ended; false: ended." }),
    month: t.string({ description: 'Publication month in UTC, "YYYY-MM".' }),
    tag: t.string(),
    updatedAfter: t.field({
      type: "DateTime",
      description: "Inclusive: only events edited or published at or after this instant.",
    }),
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
    resolve: (_root, { slug }, ctx, info) => {
      const parts = eventParts(Selected.of(info));
      const read: PageRead = (clauses) => readEvents(ctx.reader, clauses, parts);
      return entryBySlug(ctx, "event", slug, eventRecords, read);
    },
  }),
  events: t.connection(
    {
      type: EventRef,
      description: "Events, newest announcement first.",
      args: { filter: t.arg({ type: EventFilterInput }) },
      complexity: pageComplexity,
      resolve: (_root, args, ctx, info) => {
        const parts = eventParts(Selected.of(info).path("edges", "node"));
        const read: PageRead = (clauses) => readEvents(ctx.reader, clauses, parts);
        const f = args.filter;
        const range = f?.month != null ? monthRange(f.month, "filter.month") : undefined;
        const query: ContentQuery = {
          visibility: ctx.reader.visibility,
          types: ["event"],
          from: range?.from,
          until: range?.until,
          where: [
            ...(f?.tag ? [taggedSql(f.tag)] : []),
            ...(f?.upcoming != null ? [timingSql(f.upcoming, ctx.reader.now)] : []),
            ...(f?.updatedAfter ? [changedSinceSql(f.updatedAfter)] : []),
          ],
        };
        return typeConnection(ctx, args, query, eventRecords, { tag: f?.tag, read });
      },
    },
    EventConnectionRef,
  ),
}));
