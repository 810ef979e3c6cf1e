import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../client.js";
import { content } from "../../tables/content.js";
import { issueSections, issues, sectionItemPeople, sectionItems } from "../../tables/issues.js";
import { people } from "../../tables/people.js";
import { type ContentCore, contentColumns } from "../content.js";
import { contentVisible, type Visibility } from "../visibility.js";

export type IssueRecord = ContentCore & Omit<typeof issues.$inferSelect, "contentId" | "revision">;
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
      ...contentColumns,
      volume: issues.volume,
      number: issues.number,
      summary: issues.summary,
      introMd: issues.introMd,
      fullNewsletterUrl: issues.fullNewsletterUrl,
      statsId: issues.statsId,
    })
    .from(content)
    .innerJoin(issues, eq(issues.contentId, content.id))
    .where(and(inArray(content.id, [...ids]), contentVisible(visibility)));
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
    .where(and(eq(issues.volume, volume), eq(issues.number, number), contentVisible(visibility)))
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
