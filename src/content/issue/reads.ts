import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { jsonList, jsonRows, renderedOnce, rowFromJson, rowJson } from "../../db/json-rows.js";
import { content, type EntryCore, entryColumns } from "../../read/table.js";
import { type Visibility, visibleSql } from "../../read/visibility.js";
import { type PersonRow, peopleFromJson, peopleJson } from "../people/reads.js";
import { people } from "../people/table.js";
import { type StatsParts, type StatsWithParts, statsFromJson, statsJson } from "../stats/reads.js";
import { statsSuperstars } from "../stats/table.js";
import { issueSections, issues, sectionItemPeople, sectionItems } from "./table.js";

export type IssueRecord = EntryCore & Omit<typeof issues.$inferSelect, "contentId" | "revision">;
export type SectionRow = typeof issueSections.$inferSelect;
export type ItemRow = typeof sectionItems.$inferSelect;

const issueFields = {
  ...entryColumns,
  volume: issues.volume,
  number: issues.number,
  summary: issues.summary,
  introMd: issues.introMd,
  fullNewsletterUrl: issues.fullNewsletterUrl,
  statsId: issues.statsId,
};

/** Visible issues among these ids, in no particular order. */
export function issuesByIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
): Promise<IssueRecord[]> {
  return db
    .select(issueFields)
    .from(content)
    .innerJoin(issues, eq(issues.contentId, content.id))
    .where(and(inArray(content.id, [...ids]), visibleSql(visibility)));
}

/** What an issue read brings along with each issue (null: not asked for). */
export interface IssueParts {
  sections: { items: { people: boolean } | null } | null;
  stats: StatsParts | null;
}

export interface SectionWithParts {
  section: SectionRow;
  items?: { item: ItemRow; people?: PersonRow[] }[];
}

export type IssueWithParts = IssueRecord & {
  sections?: SectionWithParts[];
  stats?: StatsWithParts | null;
};

/** The sections of the issue in the current row, with their items and people when asked. */
function sectionsJson(parts: NonNullable<IssueParts["sections"]>): SQL {
  const key = `issue.sections items=${!!parts.items} people=${!!parts.items?.people}`;
  return renderedOnce(key, () => buildSectionsJson(parts));
}

function buildSectionsJson(parts: NonNullable<IssueParts["sections"]>): SQL {
  const people = parts.items?.people
    ? {
        people: peopleJson(
          sectionItemPeople,
          sectionItemPeople.personId,
          sql`${sectionItemPeople.itemId} = ${sectionItems.id}`,
          sectionItemPeople.position,
        ),
      }
    : undefined;
  const items = parts.items
    ? {
        items: jsonList(
          rowJson(sectionItems, people),
          sql`from ${sectionItems} where ${sectionItems.sectionId} = ${issueSections.id}`,
          sql`${sectionItems.position}`,
        ),
      }
    : undefined;
  return jsonList(
    rowJson(issueSections, items),
    sql`from ${issueSections} where ${issueSections.issueId} = ${content.id}`,
    sql`${issueSections.position}`,
  );
}

function sectionsFromJson(value: unknown, parts: NonNullable<IssueParts["sections"]>) {
  return jsonRows(value).map(
    (json): SectionWithParts => ({
      section: rowFromJson(issueSections, json),
      items: parts.items
        ? jsonRows(json.items).map((item) => ({
            item: rowFromJson(sectionItems, item),
            people: parts.items?.people ? peopleFromJson(item.people) : undefined,
          }))
        : undefined,
    }),
  );
}

/**
 * Issues matching `clauses` (a page of a list, or one by slug), each with the parts asked for,
 * in one statement: the parts come back as JSON built by PostgreSQL.
 */
export async function issuesWithParts(
  db: Db,
  visibility: Visibility,
  clauses: { where: SQL | undefined; orderBy: SQL[]; limit: number },
  parts: IssueParts,
): Promise<IssueWithParts[]> {
  const none = sql<null>`null`;
  const rows = await db
    .select({
      ...issueFields,
      sections: parts.sections ? sectionsJson(parts.sections) : none,
      stats: parts.stats ? statsJson(visibility, issues.statsId, parts.stats) : none,
    })
    .from(content)
    .innerJoin(issues, eq(issues.contentId, content.id))
    .where(clauses.where)
    .orderBy(...clauses.orderBy)
    .limit(clauses.limit);
  return rows.map(({ sections, stats, ...issue }) => ({
    ...issue,
    sections: parts.sections ? sectionsFromJson(sections, parts.sections) : undefined,
    stats: parts.stats ? statsFromJson(stats, parts.stats) : undefined,
  }));
}

/** The visible issue with this volume and number (a WHERE over `content` joined to `issues`). */
export function issueNumberWhere(volume: number, number: number, visibility: Visibility): SQL {
  return and(eq(issues.volume, volume), eq(issues.number, number), visibleSql(visibility)) as SQL;
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
