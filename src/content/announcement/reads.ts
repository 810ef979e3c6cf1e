import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { content, type EntryCore, entryColumns } from "../../read/table.js";
import { type Visibility, visibleSql } from "../../read/visibility.js";
import { people } from "../people/table.js";
import { announcements, highlightLinks, highlights, quotes } from "./table.js";

export type AnnouncementRecord = EntryCore & Omit<typeof announcements.$inferSelect, "contentId">;
export type AnnouncementKind = AnnouncementRecord["kind"];
export type HighlightRow = typeof highlights.$inferSelect;
export type LinkRow = typeof highlightLinks.$inferSelect;

export function announcementsByIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
): Promise<AnnouncementRecord[]> {
  return db
    .select({
      ...entryColumns,
      kind: announcements.kind,
      dateline: announcements.dateline,
      summary: announcements.summary,
      bodyMd: announcements.bodyMd,
      sourceUrl: announcements.sourceUrl,
    })
    .from(content)
    .innerJoin(announcements, eq(announcements.contentId, content.id))
    .where(and(inArray(content.id, [...ids]), visibleSql(visibility)));
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
