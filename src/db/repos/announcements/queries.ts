import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../client.js";
import { announcements, highlightLinks, highlights, quotes } from "../../tables/announcements.js";
import { content } from "../../tables/content.js";
import { people } from "../../tables/people.js";
import { type ContentCore, contentColumns } from "../content.js";
import { contentVisible, type Visibility } from "../visibility.js";

export type AnnouncementRecord = ContentCore & Omit<typeof announcements.$inferSelect, "contentId">;
export type HighlightRow = typeof highlights.$inferSelect;
export type LinkRow = typeof highlightLinks.$inferSelect;

export function announcementsByIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
): Promise<AnnouncementRecord[]> {
  return db
    .select({
      ...contentColumns,
      kind: announcements.kind,
      dateline: announcements.dateline,
      summary: announcements.summary,
      bodyMd: announcements.bodyMd,
      sourceUrl: announcements.sourceUrl,
    })
    .from(content)
    .innerJoin(announcements, eq(announcements.contentId, content.id))
    .where(and(inArray(content.id, [...ids]), contentVisible(visibility)));
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
