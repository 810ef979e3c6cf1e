import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import {
  type JsonRow,
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
import { announcements, highlightLinks, highlights, quotes } from "./table.js";

export type AnnouncementRecord = EntryCore & Omit<typeof announcements.$inferSelect, "contentId">;
export type AnnouncementKind = AnnouncementRecord["kind"];
export type HighlightRow = typeof highlights.$inferSelect;
export type LinkRow = typeof highlightLinks.$inferSelect;

const announcementFields = {
  ...entryColumns,
  kind: announcements.kind,
  dateline: announcements.dateline,
  summary: announcements.summary,
  bodyMd: announcements.bodyMd,
  sourceUrl: announcements.sourceUrl,
};

export function announcementsByIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
): Promise<AnnouncementRecord[]> {
  return db
    .select(announcementFields)
    .from(content)
    .innerJoin(announcements, eq(announcements.contentId, content.id))
    .where(and(inArray(content.id, [...ids]), visibleSql(visibility)));
}

/** What an announcement read brings along with each announcement (null: not asked for). */
export interface AnnouncementParts {
  highlights: { links: boolean } | null;
  quotes: boolean;
}

export interface QuoteWithPerson {
  text: string;
  role: string | null;
  person: PersonRow;
}

export type AnnouncementWithParts = AnnouncementRecord & {
  highlights?: { highlight: HighlightRow; links?: LinkRow[] }[];
  quotes?: QuoteWithPerson[];
};

function highlightsJson(links: boolean): SQL {
  return renderedOnce(`announcement.highlights links=${links}`, () => buildHighlightsJson(links));
}

function buildHighlightsJson(links: boolean): SQL<JsonRow[]> {
  const extra = links
    ? {
        links: jsonList(
          rowJson(highlightLinks),
          sql`from ${highlightLinks} where ${highlightLinks.highlightId} = ${highlights.id}`,
          sql`${highlightLinks.position}`,
        ),
      }
    : undefined;
  return jsonList(
    rowJson(highlights, extra),
    sql`from ${highlights} where ${highlights.announcementId} = ${content.id}`,
    sql`${highlights.position}`,
  );
}

const quotesJson = renderedOnce("announcement.quotes", () =>
  jsonList(
    sql`json_build_object('text', ${quotes.text}, 'role', ${quotes.role}, 'person', ${rowJson(people)})`,
    sql`from ${quotes} join ${people} on ${people.id} = ${quotes.personId} where ${quotes.announcementId} = ${content.id}`,
    sql`${quotes.position}`,
  ),
);

function quotesFromJson(value: unknown): QuoteWithPerson[] {
  return jsonRows(value).map((json) => ({
    text: String(json.text),
    role: typeof json.role === "string" ? json.role : null,
    person: rowFromJson(people, jsonObject(json.person)),
  }));
}

/**
 * Announcements matching `clauses` (a page of a list, or one by slug), each with the parts
 * asked for, in one statement: the parts come back as JSON built by PostgreSQL.
 */
export async function announcementsWithParts(
  db: Db,
  clauses: { where: SQL | undefined; orderBy: SQL[]; limit: number },
  parts: AnnouncementParts,
): Promise<AnnouncementWithParts[]> {
  const none = sql<null>`null`;
  const rows = await db
    .select({
      ...announcementFields,
      highlights: parts.highlights ? highlightsJson(parts.highlights.links) : none,
      quotes: parts.quotes ? quotesJson : none,
    })
    .from(content)
    .innerJoin(announcements, eq(announcements.contentId, content.id))
    .where(clauses.where)
    .orderBy(...clauses.orderBy)
    .limit(clauses.limit);
  return rows.map(({ highlights: hl, quotes: q, ...announcement }) => ({
    ...announcement,
    highlights: parts.highlights
      ? jsonRows(hl).map((json) => ({
          highlight: rowFromJson(highlights, json),
          links: parts.highlights?.links
            ? jsonRows(json.links).map((link) => rowFromJson(highlightLinks, link))
            : undefined,
        }))
      : undefined,
    quotes: parts.quotes ? quotesFromJson(q) : undefined,
  }));
}

export function highlightsByAnnouncementIds(
  db: Db,
  ids: readonly number[],
): Promise<HighlightRow[]> {
  return db
    .select()
    .from(highlights)
    .where(inArray(highlights.announcementId, [...ids]))
    .orderBy(asc(highlights.announcementId), asc(highlights.position));
}

export function linksByHighlightIds(db: Db, ids: readonly number[]): Promise<LinkRow[]> {
  return db
    .select()
    .from(highlightLinks)
    .where(inArray(highlightLinks.highlightId, [...ids]))
    .orderBy(asc(highlightLinks.highlightId), asc(highlightLinks.position));
}

export function quotesByAnnouncementIds(db: Db, ids: readonly number[]) {
  return db
    .select({
      announcementId: quotes.announcementId,
      text: quotes.text,
      role: quotes.role,
      person: people,
    })
    .from(quotes)
    .innerJoin(people, eq(people.id, quotes.personId))
    .where(inArray(quotes.announcementId, [...ids]))
    .orderBy(asc(quotes.announcementId), asc(quotes.position));
}

/** List condition: announcements of one kind (press release, feature list, news). */
export function ofKindSql(kind: AnnouncementKind): SQL {
  return sql`exists (select 1 from ${announcements} where ${announcements.contentId} = ${content.id} and ${eq(announcements.kind, kind)})`;
}

/** Announcements quoting a person. */
export function announcementsNaming(personId: number): SQL {
  return sql`select ${quotes.announcementId} from ${quotes} where ${quotes.personId} = ${personId}`;
}
