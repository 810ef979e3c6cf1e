import { sql } from "drizzle-orm";
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  unique,
} from "drizzle-orm/pg-core";
import { timestamptz } from "../../db/columns.js";
import { content } from "../../read/table.js";
import { events } from "../event/table.js";
import { people } from "../people/table.js";

export const resultsVisibility = pgEnum("results_visibility", [
  "always",
  "after_vote",
  "after_close",
]);

/** Why a poll's counts are unknown: the source never recorded them (an archived poll). */
export const pollCountsUnknown = pgEnum("poll_counts_unknown", ["not_recorded"]);

export const polls = pgTable(
  "polls",
  {
    contentId: integer("content_id")
      .primaryKey()
      .references(() => content.id, { onDelete: "cascade" }),
    question: text("question").notNull(),
    descriptionMd: text("description_md"),
    /** Null: open from publication. */
    opensAt: timestamptz("opens_at"),
    /** Null: never closes. */
    closesAt: timestamptz("closes_at"),
    resultsVisibility: resultsVisibility("results_visibility").notNull().default("always"),
    resultsEventId: integer("results_event_id").references(() => events.contentId, {
      onDelete: "set null",
    }),
    /** The day the winner is (or was) announced, when the source gives one. */
    resultsAnnouncedOn: date("results_announced_on", { mode: "string" }),
    /** Set when the counts are unknown: readers see null counts with this reason. */
    countsUnknownReason: pollCountsUnknown("counts_unknown_reason"),
  },
  (t) => [
    index("polls_closes_idx").on(t.closesAt),
    index("polls_results_event_idx").on(t.resultsEventId),
    check(
      "polls_close_after_open",
      sql`${t.opensAt} IS NULL OR ${t.closesAt} IS NULL OR ${t.closesAt} > ${t.opensAt}`,
    ),
  ],
);

export const pollOptions = pgTable(
  "poll_options",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    pollId: integer("poll_id")
      .notNull()
      .references(() => polls.contentId, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    label: text("label").notNull(),
    imageUrl: text("image_url"),
    /** Kept in step with poll_votes in the vote's own transaction; the number readers see. */
    voteCount: integer("vote_count").notNull().default(0),
    /**
     * The part of voteCount no vote row stands for (counts brought from a source that kept no
     * voters): vote_count = legacy_votes + the option's vote rows, always (an import checks it).
     */
    legacyVotes: integer("legacy_votes").notNull().default(0),
  },
  (t) => [
    unique("poll_options_position_key").on(t.pollId, t.position),
    // Target of the composite key that keeps a vote's option inside its own poll.
    unique("poll_options_poll_option_key").on(t.pollId, t.id),
    check("poll_options_vote_count_nonneg", sql`${t.voteCount} >= 0`),
    check(
      "poll_options_legacy_votes_range",
      sql`${t.legacyVotes} >= 0 AND ${t.legacyVotes} <= ${t.voteCount}`,
    ),
  ],
);

export const pollVotes = pgTable(
  "poll_votes",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    pollId: integer("poll_id").notNull(),
    optionId: integer("option_id").notNull(),
    /** HMAC of (poll, voter key) under a server secret; the raw key is never stored. */
    voterHash: text("voter_hash").notNull(),
    castAt: timestamptz("cast_at").notNull().defaultNow(),
  },
  (t) => [
    unique("poll_votes_poll_voter_key").on(t.pollId, t.voterHash),
    foreignKey({
      name: "poll_votes_option_in_poll_fk",
      columns: [t.pollId, t.optionId],
      foreignColumns: [pollOptions.pollId, pollOptions.id],
    }).onDelete("cascade"),
    index("poll_votes_option_idx").on(t.pollId, t.optionId),
  ],
);

export const pollCredits = pgTable(
  "poll_credits",
  {
    pollId: integer("poll_id")
      .notNull()
      .references(() => polls.contentId, { onDelete: "cascade" }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "restrict" }),
    position: integer("position").notNull(),
    role: text("role"),
  },
  (t) => [
    primaryKey({ columns: [t.pollId, t.personId] }),
    index("poll_credits_person_idx").on(t.personId),
  ],
);
