import { and, asc, eq, inArray, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { content, type EntryCore, entryColumns } from "../../read/table.js";
import { type Visibility, visibleSql } from "../../read/visibility.js";
import { people } from "../people/table.js";
import { pollCredits, pollOptions, polls } from "./table.js";

export type PollRecord = EntryCore & Omit<typeof polls.$inferSelect, "contentId">;
export type OptionRow = typeof pollOptions.$inferSelect;
/** Upcoming before opensAt, closed from closesAt on, open between (results.ts: pollStatus). */
export type PollStatus = "upcoming" | "open" | "closed";

export function pollsByIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
): Promise<PollRecord[]> {
  return db
    .select({
      ...entryColumns,
      question: polls.question,
      descriptionMd: polls.descriptionMd,
      opensAt: polls.opensAt,
      closesAt: polls.closesAt,
      resultsVisibility: polls.resultsVisibility,
      resultsEventId: polls.resultsEventId,
      resultsAnnouncedOn: polls.resultsAnnouncedOn,
      countsUnknownReason: polls.countsUnknownReason,
    })
    .from(content)
    .innerJoin(polls, eq(polls.contentId, content.id))
    .where(and(inArray(content.id, [...ids]), visibleSql(visibility)));
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

/** A poll's status at `now` in SQL: upcoming before opensAt, closed from closesAt on. */
function statusSql(status: PollStatus, now: Date): SQL {
  const opened = or(isNull(polls.opensAt), lte(polls.opensAt, now));
  const closed = and(sql`${polls.closesAt} is not null`, lte(polls.closesAt, now));
  if (status === "upcoming") return sql`not (${opened})`;
  if (status === "closed") return sql`(${opened}) and (${closed})`;
  return sql`(${opened}) and not coalesce(${closed}, false)`;
}

/** List condition: polls in this status at `now` (see results.ts for the same rule on a row). */
export function inStatusSql(status: PollStatus, now: Date): SQL {
  return sql`exists (select 1 from ${polls} where ${polls.contentId} = ${content.id} and ${statusSql(status, now)})`;
}

/** Polls crediting a person. */
export function pollsNaming(personId: number): SQL {
  return sql`select ${pollCredits.pollId} from ${pollCredits} where ${pollCredits.personId} = ${personId}`;
}
