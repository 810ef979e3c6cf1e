import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { content, type EntryCore, entryColumns } from "../../read/table.js";
import { type Visibility, visibleSql } from "../../read/visibility.js";
import { people } from "../people/table.js";
import { statsSuperstars } from "../stats/table.js";
import { issueSections, issues, sectionItemPeople, sectionItems } from "./table.js";

export type IssueRecord = EntryCore & Omit<typeof issues.$inferSelect, "contentId" | "revision">;
export type SectionRow = typeof issueSections.$inferSelect;
export type ItemRow = typeof sectionItems.$inferSelect;

/** Visible issues among these ids, in no particular order. */
export function issuesByIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
): Promise<IssueRecord[]> {
  return db
    .select({
      ...entryColumns,
      volume: issues.volume,
      number: issues.number,
      summary: issues.summary,
      introMd: issues.introMd,
      fullNewsletterUrl: issues.fullNewsletterUrl,
      statsId: issues.statsId,
    })
    .from(content)
    .innerJoin(issues, eq(issues.contentId, content.id))
    .where(and(inArray(content.id, [...ids]), visibleSql(visibility)));
}

export async function issueIdByNumber(
  db: Db,
  volume: number,
  number: number,
  visibility: Visibility,
): Promise<number | null> {
  const [row] = await db
    .select({ id: issues.contentId })
    .from(issues)
    .innerJoin(content, eq(content.id, issues.contentId))
    .where(and(eq(issues.volume, volume), eq(issues.number, number), visibleSql(visibility)))
    .limit(1);
  return row?.id ?? null;
}

export function sectionsByIssueIds(db: Db, ids: readonly number[]): Promise<SectionRow[]> {
  return db
    .select()
    .from(issueSections)
    .where(inArray(issueSections.issueId, [...ids]))
    .orderBy(asc(issueSections.issueId), asc(issueSections.position));
}

export function itemsBySectionIds(db: Db, ids: readonly number[]): Promise<ItemRow[]> {
  return db
    .select()
    .from(sectionItems)
    .where(inArray(sectionItems.sectionId, [...ids]))
    .orderBy(asc(sectionItems.sectionId), asc(sectionItems.position));
}

export function peopleByItemIds(db: Db, ids: readonly number[]) {
  return db
    .select({ itemId: sectionItemPeople.itemId, person: people })
    .from(sectionItemPeople)
    .innerJoin(people, eq(people.id, sectionItemPeople.personId))
    .where(inArray(sectionItemPeople.itemId, [...ids]))
    .orderBy(asc(sectionItemPeople.itemId), asc(sectionItemPeople.position));
}

/** Issues naming a person: in a section item, or among their week's mailing-list superstars. */
export function issuesNaming(personId: number): SQL {
  return sql`select ${issueSections.issueId} from ${sectionItemPeople}
      join ${sectionItems} on ${sectionItems.id} = ${sectionItemPeople.itemId}
      join ${issueSections} on ${issueSections.id} = ${sectionItems.sectionId}
      where ${sectionItemPeople.personId} = ${personId}
    union select ${issues.contentId} from ${issues}
      join ${statsSuperstars} on ${statsSuperstars.statsId} = ${issues.statsId}
      where ${statsSuperstars.personId} = ${personId}`;
}

/** The weekly stats an issue owns, if any. */
export async function statsIdOf(db: Db, id: number): Promise<number | null> {
  const [row] = await db
    .select({ statsId: issues.statsId })
    .from(issues)
    .where(eq(issues.contentId, id));
  return row?.statsId ?? null;
}
