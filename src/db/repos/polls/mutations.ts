import { renderMarkdown } from "../../../rich-text.js";
import type { Db } from "../../client.js";
import { pollCredits, pollOptions, polls } from "../../tables/polls.js";
import { chunkRows, must } from "../batch.js";
import { type ContentInput, contentIdsBySlug, insertContentRows } from "../content.js";
import { resolvePeople } from "../people.js";

export type ResultsVisibility = (typeof polls.$inferSelect)["resultsVisibility"];

export interface PollInput extends ContentInput {
  question: string;
  descriptionMd?: string | null;
  opensAt?: Date | null;
  closesAt?: Date | null;
  resultsVisibility?: ResultsVisibility;
  /** Slug of the event where results are announced. */
  resultsEvent?: string | null;
  /** ISO date the winner is announced. */
  resultsAnnouncedOn?: string | null;
  /** `votes` presets the count (synthetic archives); real votes go through castVote. */
  options: readonly { label: string; imageUrl?: string | null; votes?: number }[];
  credits?: readonly { person: string; role?: string | null }[];
}

export function pollSearchText(input: PollInput): string {
  return [
    input.question,
    input.descriptionMd ? renderMarkdown(input.descriptionMd).text : "",
    ...input.options.map((o) => o.label),
  ]
    .filter(Boolean)
    .join("\n");
}

export async function createPolls(db: Db, inputs: readonly PollInput[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  const eventIds = await contentIdsBySlug(
    db,
    "event",
    inputs.flatMap((p) => (p.resultsEvent ? [p.resultsEvent] : [])),
  );
  const ids = await insertContentRows(
    db,
    "poll",
    inputs.map((base) => ({ base, searchText: pollSearchText(base) })),
  );
  const idOf = (slug: string) => must(ids, slug, "poll");
  for (const chunk of chunkRows(
    inputs.map((p) => ({
      contentId: idOf(p.slug),
      question: p.question,
      descriptionMd: p.descriptionMd ?? null,
      opensAt: p.opensAt ?? null,
      closesAt: p.closesAt ?? null,
      resultsVisibility: p.resultsVisibility ?? "always",
      resultsEventId: p.resultsEvent ? must(eventIds, p.resultsEvent, "event") : null,
      resultsAnnouncedOn: p.resultsAnnouncedOn ?? null,
    })),
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
        voteCount: o.votes ?? 0,
      })),
    ),
  )) {
    await db.insert(pollOptions).values(chunk);
  }
  const people = await resolvePeople(
    db,
    inputs.flatMap((p) => (p.credits ?? []).map((c) => c.person)),
  );
  const creditRows = inputs.flatMap((p) =>
    (p.credits ?? []).map((c, position) => ({
      pollId: idOf(p.slug),
      personId: must(people, c.person, "person").id,
      position,
      role: c.role ?? null,
    })),
  );
  for (const chunk of chunkRows(creditRows)) await db.insert(pollCredits).values(chunk);
  return inputs.map((p) => idOf(p.slug));
}
