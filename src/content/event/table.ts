import { sql } from "drizzle-orm";
import {
  boolean,
  char,
  check,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  unique,
} from "drizzle-orm/pg-core";
import { timestamptz } from "../../db/columns.js";
import { content } from "../../read/table.js";
import { people } from "../people/table.js";

export const events = pgTable(
  "events",
  {
    contentId: integer("content_id")
      .primaryKey()
      .references(() => content.id, { onDelete: "cascade" }),
    /** For an all-day event, [startsAt, endsAt) spans whole days (end exclusive, as in iCalendar). */
    startsAt: timestamptz("starts_at").notNull(),
    endsAt: timestamptz("ends_at").notNull(),
    allDay: boolean("all_day").notNull().default(false),
    /** IANA zone name, e.g. America/Los_Angeles; null when the source does not say. */
    timeZone: text("time_zone"),
    venue: text("venue"),
    descriptionMd: text("description_md"),
    registrationUrl: text("registration_url"),
    priceAmount: numeric("price_amount", { precision: 12, scale: 2 }),
    priceCurrency: char("price_currency", { length: 3 }),
    presentationCount: integer("presentation_count"),
    /** The event's own name (the post's title is its headline); null: the title names it. */
    name: text("name"),
  },
  (t) => [
    // Upcoming/past filters and the calendar order.
    index("events_starts_idx").on(t.startsAt, t.contentId),
    index("events_ends_idx").on(t.endsAt),
    check("events_end_after_start", sql`${t.endsAt} >= ${t.startsAt}`),
    check("events_price_nonneg", sql`${t.priceAmount} IS NULL OR ${t.priceAmount} >= 0`),
    check(
      "events_price_has_currency",
      sql`(${t.priceAmount} IS NULL) = (${t.priceCurrency} IS NULL)`,
    ),
    check(
      "events_currency_format",
      sql`${t.priceCurrency} IS NULL OR ${t.priceCurrency} ~ '^[A-Z]{3}$'`,
    ),
    check(
      "events_presentation_count_nonneg",
      sql`${t.presentationCount} IS NULL OR ${t.presentationCount} >= 0`,
    ),
  ],
);

export const eventSessions = pgTable(
  "event_sessions",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.contentId, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    abstractMd: text("abstract_md"),
    startsAt: timestamptz("starts_at"),
    endsAt: timestamptz("ends_at"),
    room: text("room"),
  },
  (t) => [
    unique("event_sessions_position_key").on(t.eventId, t.position),
    check(
      "event_sessions_end_after_start",
      sql`${t.startsAt} IS NULL OR ${t.endsAt} IS NULL OR ${t.endsAt} >= ${t.startsAt}`,
    ),
  ],
);

export const sessionSpeakers = pgTable(
  "session_speakers",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => eventSessions.id, { onDelete: "cascade" }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "restrict" }),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.personId] }),
    index("session_speakers_person_idx").on(t.personId),
  ],
);

/** Speakers of the event as a whole (keynotes, profiles), besides those of its sessions. */
export const eventSpeakers = pgTable(
  "event_speakers",
  {
    eventId: integer("event_id")
      .notNull()
      .references(() => events.contentId, { onDelete: "cascade" }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "restrict" }),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.personId] }),
    index("event_speakers_person_idx").on(t.personId),
  ],
);
