import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../client.js";
import { content } from "../../tables/content.js";
import { people } from "../../tables/people.js";
import { pollCredits, pollOptions, polls } from "../../tables/polls.js";
import { type ContentCore, contentColumns } from "../content.js";
import { contentVisible, type Visibility } from "../visibility.js";

export type PollRecord = ContentCore & Omit<typeof polls.$inferSelect, "contentId">;
export type OptionRow = typeof pollOptions.$inferSelect;

export function pollsByIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
): Promise<PollRecord[]> {
  return db
    .select({
      ...contentColumns,
      question: polls.question,
      descriptionMd: polls.descriptionMd,
      opensAt: polls.opensAt,
      closesAt: polls.closesAt,
      resultsVisibility: polls.resultsVisibility,
      resultsEventId: polls.resultsEventId,
      resultsAnnouncedOn: polls.resultsAnnouncedOn,
    })
    .from(content)
    .innerJoin(polls, eq(polls.contentId, content.id))
    .where(and(inArray(content.id, [...ids]), contentVisible(visibility)));
}

export function optionsByPollIds(db: Db, ids: readonly number[]): Promise<OptionRow[]> {
  return db
    .select()
    .from(pollOptions)
    .where(inArray(pollOptions.pollId, [...ids]))
    .orderBy(asc(pollOptions.pollId), asc(pollOptions.position));
}

export function optionsByIds(db: Db, ids: readonly number[]): Promise<OptionRow[]> {
  return db
    .select()
    .from(pollOptions)
    .where(inArray(pollOptions.id, [...ids]));
}

export function creditsByPollIds(db: Db, ids: readonly number[]) {
  return db
    .select({ pollId: pollCredits.pollId, role: pollCredits.role, person: people })
    .from(pollCredits)
    .innerJoin(people, eq(people.id, pollCredits.personId))
    .where(inArray(pollCredits.pollId, [...ids]))
    .orderBy(asc(pollCredits.pollId), asc(pollCredits.position));
}
