import { and, asc, eq, gt, inArray, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import {
  jsonList,
  jsonObject,
  jsonRows,
  renderedOnce,
  rowFromJson,
  rowJson,
} from "../../db/json-rows.js";
import { content, type EntryCore, entryColumns } from "../../read/table.js";
import { type Visibility, visibleSql } from "../../read/visibility.js";
import type { PersonRow } from "../people/reads.js";
import { people } from "../people/table.js";
import { pollCredits, pollOptions, polls } from "./table.js";

export type PollRecord = EntryCore & Omit<typeof polls.$inferSelect, "contentId">;
export type OptionRow = typeof pollOptions.$inferSelect;
/** Upcoming before opensAt, closed from closesAt on, open between (results.ts: pollStatus). */
export type PollStatus = "upcoming" | "open" | "closed";

const pollFields = {
  ...entryColumns,
  question: polls.question,
  descriptionMd: polls.descriptionMd,
  opensAt: polls.opensAt,
  closesAt: polls.closesAt,
  resultsVisibility: polls.resultsVisibility,
  resultsEventId: polls.resultsEventId,
  resultsAnnouncedOn: polls.resultsAnnouncedOn,
  countsUnknownReason: polls.countsUnknownReason,
};

export function pollsByIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
): Promise<PollRecord[]> {
  return db
    .select(pollFields)
    .from(content)
    .innerJoin(polls, eq(polls.contentId, content.id))
    .where(and(inArray(content.id, [...ids]), visibleSql(visibility)));
}

/** What a poll read brings along with each poll. */
export interface PollParts {
  options: boolean;
  credits: boolean;
}

export type CreditRow = { role: string | null; person: PersonRow };

export type PollWithParts = PollRecord & { options?: OptionRow[]; credits?: CreditRow[] };

const optionsJson = renderedOnce("poll.options", () =>
  jsonList(
    rowJson(pollOptions),
    sql`from ${pollOptions} where ${pollOptions.pollId} = ${content.id}`,
    sql`${pollOptions.position}`,
  ),
);

const creditsJson = renderedOnce("poll.credits", () =>
  jsonList(
    sql`json_build_object('role', ${pollCredits.role}, 'person', ${rowJson(people)})`,
    sql`from ${pollCredits} join ${people} on ${people.id} = ${pollCredits.personId} where ${pollCredits.pollId} = ${content.id}`,
    sql`${pollCredits.position}`,
  ),
);

/**
 * Polls matching `clauses` (a page of a list, or one by slug), each with the parts asked for,
 * in one statement: the parts come back as JSON built by PostgreSQL.
 */
export async function pollsWithParts(
  db: Db,
  clauses: { where: SQL | undefined; orderBy: SQL[]; limit: number },
  parts: PollParts,
): Promise<PollWithParts[]> {
  const none = sql<null>`null`;
  const rows = await db
    .select({
      ...pollFields,
      options: parts.options ? optionsJson : none,
      credits: parts.credits ? creditsJson : none,
    })
    .from(content)
    .innerJoin(polls, eq(polls.contentId, content.id))
    .where(clauses.where)
    .orderBy(...clauses.orderBy)
    .limit(clauses.limit);
  return rows.map(({ options, credits, ...poll }) => ({
    ...poll,
    options: parts.options
      ? jsonRows(options).map((json) => rowFromJson(pollOptions, json))
      : undefined,
    credits: parts.credits
      ? jsonRows(credits).map((json) => ({
          role: typeof json.role === "string" ? json.role : null,
          person: rowFromJson(people, jsonObject(json.person)),
        }))
      : undefined,
  }));
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

/**
 * A poll's status at `now` in SQL: upcoming before opensAt, closed from closesAt on. Written
 * as plain comparisons (no `not`, no coalesce) so the planner estimates them from the columns'
 * statistics and reads the few open polls by polls_closes_idx, not every poll.
 */
function statusSql(status: PollStatus, now: Date): SQL {
  const opened = or(isNull(polls.opensAt), lte(polls.opensAt, now)) as SQL;
  if (status === "upcoming") return gt(polls.opensAt, now);
  if (status === "closed") return and(opened, lte(polls.closesAt, now)) as SQL;
  return and(opened, or(isNull(polls.closesAt), gt(polls.closesAt, now))) as SQL;
}

/** List condition: polls in this status at `now` (see results.ts for the same rule on a row). */
export function inStatusSql(status: PollStatus, now: Date): SQL {
  return sql`exists (select 1 from ${polls} where ${polls.contentId} = ${content.id} and ${statusSql(status, now)})`;
}

/** Polls crediting a person. */
export function pollsNaming(personId: number): SQL {
  return sql`select ${pollCredits.pollId} from ${pollCredits} where ${pollCredits.personId} = ${personId}`;
}
