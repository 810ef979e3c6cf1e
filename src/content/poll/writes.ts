import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { chunkRows, must } from "../../db/sql.js";
import { OptionsLockedError } from "../../errors.js";
import { content } from "../../read/table.js";
import { renderMarkdown } from "../../text/rich-text.js";
import {
  type EntryWrite,
  entryIdsBySlug,
  insertEntryRows,
  updateEntryRow,
} from "../entry/writes.js";
import { resolvePeople } from "../people/reads.js";
import { pollCredits, pollOptions, polls } from "./table.js";

export type ResultsVisibility = (typeof polls.$inferSelect)["resultsVisibility"];

export interface PollWrite extends EntryWrite {
  question: string;
  descriptionMd?: string | null;
  opensAt?: Date | null;
  closesAt?: Date | null;
  resultsVisibility?: ResultsVisibility;
  /** Slug of the event where results are announced (or its id, below). */
  resultsEvent?: string | null;
  resultsEventId?: number | null;
  /** ISO date the winner is announced. */
  resultsAnnouncedOn?: string | null;
  /** Set when the source never recorded the counts: everyone sees null counts (unknown, not zero). */
  countsUnknownReason?: "not_recorded" | null;
  /** `votes` presets the count (synthetic archives); real votes go through castVote. */
  options: readonly { label: string; imageUrl?: string | null; votes?: number }[];
  credits?: readonly { person: string; role?: string | null }[];
}

export function pollSearchText(input: PollWrite): string {
  return [
    input.question,
    input.descriptionMd ? renderMarkdown(input.descriptionMd).text : "",
    ...input.options.map((o) => o.label),
  ]
    .filter(Boolean)
    .join("\n");
}

const detail = (p: PollWrite, eventIds: Map<string, number>) => ({
  question: p.question,
  descriptionMd: p.descriptionMd ?? null,
  opensAt: p.opensAt ?? null,
  closesAt: p.closesAt ?? null,
  resultsVisibility: p.resultsVisibility ?? ("always" as const),
  resultsEventId:
    p.resultsEventId ?? (p.resultsEvent ? must(eventIds, p.resultsEvent, "event") : null),
  resultsAnnouncedOn: p.resultsAnnouncedOn ?? null,
  countsUnknownReason: p.countsUnknownReason ?? null,
});

export async function createPolls(db: Db, inputs: readonly PollWrite[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  const eventIds = await entryIdsBySlug(
    db,
    "event",
    inputs.flatMap((p) => (p.resultsEvent ? [p.resultsEvent] : [])),
  );
  const ids = await insertEntryRows(
    db,
    "poll",
    inputs.map((base) => ({ base, searchText: pollSearchText(base) })),
  );
  const idOf = (slug: string) => must(ids, slug, "poll");
  for (const chunk of chunkRows(
    inputs.map((p) => ({ contentId: idOf(p.slug), ...detail(p, eventIds) })),
  )) {
    await db.insert(polls).values(chunk);
  }
  for (const chunk of chunkRows(
    inputs.flatMap((p) =>
      p.options.map((o, position) => ({
        pollId: idOf(p.slug),
        position,
        label: o.label,
        imageUrl: o.imageUrl ?? null,
        // Preset counts have no vote rows behind them.
        voteCount: o.votes ?? 0,
        legacyVotes: o.votes ?? 0,
      })),
    ),
  )) {
    await db.insert(pollOptions).values(chunk);
  }
  await insertCredits(
    db,
    inputs.map((input) => ({ id: idOf(input.slug), input })),
  );
  return inputs.map((p) => idOf(p.slug));
}

async function insertCredits(
  db: Db,
  targets: readonly { id: number; input: PollWrite }[],
): Promise<void> {
  const people = await resolvePeople(
    db,
    targets.flatMap(({ input }) => (input.credits ?? []).map((c) => c.person)),
  );
  const rows = targets.flatMap(({ id, input }) =>
    (input.credits ?? []).map((c, position) => ({
      pollId: id,
      personId: must(people, c.person, "person").id,
      position,
      role: c.role ?? null,
    })),
  );
  for (const chunk of chunkRows(rows)) await db.insert(pollCredits).values(chunk);
}

/** An option's identity once votes point at it: its label, case and spacing aside. */
const labelKey = (label: string) => label.trim().toLowerCase();

/**
 * Votes are cast for an option, and readers know an option by its label: once a poll has
 * votes, its options keep their labels (in any order, with any image), so a count can never
 * move to another answer ("Red: 3" becoming "Blue: 3"). A pending edit is held to the live
 * poll's votes. Throws OptionsLockedError; returns the options that hold votes, by label (null when none do, or for a pending edit).
 */
async function guardOptions(db: Db, id: number, options: PollWrite["options"]) {
  const [entry] = await db
    .select({ live: sql<number>`coalesce(${content.revisionOf}, ${content.id})` })
    .from(content)
    .where(eq(content.id, id));
  const liveId = entry?.live ?? id;
  const live = await db.select().from(pollOptions).where(eq(pollOptions.pollId, liveId));
  const votes = live.reduce((sum, o) => sum + o.voteCount, 0);
  if (votes === 0) return null;
  const before = new Set(live.map((o) => labelKey(o.label)));
  const after = new Set(options.map((o) => labelKey(o.label)));
  const added = [...after].filter((l) => !before.has(l));
  const removed = [...before].filter((l) => !after.has(l));
  if (added.length || removed.length) throw new OptionsLockedError(votes, added, removed);
  // A pending edit's own options are copies without votes: they are rewritten by position.
  return liveId === id ? new Map(live.map((o) => [labelKey(o.label), o])) : null;
}

const optionCount = async (db: Db, id: number) =>
  (await db.select({ id: pollOptions.id }).from(pollOptions).where(eq(pollOptions.pollId, id)))
    .length;

/**
 * Rewrite a poll in place. Without votes the options are rewritten by position (their ids
 * survive); with votes they are matched by label, so each keeps its id and its count.
 */
export async function replacePoll(db: Db, id: number, input: PollWrite, at: Date): Promise<void> {
  const eventIds = await entryIdsBySlug(
    db,
    "event",
    input.resultsEvent ? [input.resultsEvent] : [],
  );
  const own = await guardOptions(db, id, input.options);
  await updateEntryRow(db, id, input, pollSearchText(input), at);
  await db.update(polls).set(detail(input, eventIds)).where(eq(polls.contentId, id));
  if (own) {
    // Positions are unique per poll: move every option out of the way, then into place.
    await db
      .update(pollOptions)
      .set({ position: sql`${pollOptions.position} + 1000` })
      .where(eq(pollOptions.pollId, id));
    for (const [position, option] of input.options.entries()) {
      const target = own.get(labelKey(option.label));
      await db
        .update(pollOptions)
        .set({ position, label: option.label, imageUrl: option.imageUrl ?? null })
        .where(eq(pollOptions.id, target?.id ?? -1));
    }
  } else if ((await optionCount(db, id)) === input.options.length) {
    for (const [position, option] of input.options.entries()) {
      await db
        .update(pollOptions)
        .set({ label: option.label, imageUrl: option.imageUrl ?? null })
        .where(and(eq(pollOptions.pollId, id), eq(pollOptions.position, position)));
    }
  } else {
    await db.delete(pollOptions).where(eq(pollOptions.pollId, id));
    await db.insert(pollOptions).values(
      input.options.map((o, position) => ({
        pollId: id,
        position,
        label: o.label,
        imageUrl: o.imageUrl ?? null,
      })),
    );
  }
  await db.delete(pollCredits).where(eq(pollCredits.pollId, id));
  await insertCredits(db, [{ id, input }]);
}
