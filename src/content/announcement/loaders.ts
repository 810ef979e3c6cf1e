import DataLoader from "dataloader";
import { alignMany } from "../../read/align.js";
import type { Reader } from "../../read/reader.js";
import { recordDetail, recordLoaders } from "../../read/records.js";
import {
  type AnnouncementParts,
  type AnnouncementRecord,
  type AnnouncementWithParts,
  announcementsByIds,
  announcementsWithParts,
  type HighlightRow,
  highlightsByAnnouncementIds,
  type LinkRow,
  linksByHighlightIds,
  type QuoteWithPerson,
  quotesByAnnouncementIds,
} from "./reads.js";
import { announcements } from "./table.js";

export type AnnouncementNode = AnnouncementRecord & { __typename: "Announcement" };

export type QuoteShape = QuoteWithPerson;

/** Announcements by id, as the reader may see them. */
export const announcementRecords = recordLoaders("Announcement", (r, ids: readonly number[]) =>
  announcementsByIds(r.db, ids, r.visibility),
);

export function announcementLoaders(r: Reader) {
  return {
    highlights: new DataLoader<number, HighlightRow[]>(async (ids) =>
      alignMany(ids, await highlightsByAnnouncementIds(r.db, ids), (row) => row.announcementId),
    ),
    links: new DataLoader<number, LinkRow[]>(async (ids) =>
      alignMany(ids, await linksByHighlightIds(r.db, ids), (row) => row.highlightId),
    ),
    quotes: new DataLoader<number, QuoteShape[]>(async (ids) => {
      r.cacheTags.shared();
      return alignMany(ids, await quotesByAnnouncementIds(r.db, ids), (row) => row.announcementId);
    }),
  };
}

/**
 * Announcements matching `clauses` with the parts asked for, read in one statement and handed
 * to this reader's loaders, recorded for the caches as if they had loaded them.
 */
export async function readAnnouncements(
  r: Reader,
  clauses: Parameters<typeof announcementsWithParts>[1],
  parts: AnnouncementParts,
): Promise<AnnouncementWithParts[]> {
  const rows = await announcementsWithParts(r.db, clauses, parts);
  announcementRecords.prime(r, rows);
  const loaders = r.use(announcementLoaders);
  if (parts.quotes) r.cacheTags.shared();
  for (const a of rows) {
    if (a.quotes) loaders.quotes.prime(a.id, a.quotes);
    if (!a.highlights) continue;
    loaders.highlights.prime(
      a.id,
      a.highlights.map((h) => h.highlight),
    );
    for (const { highlight, links } of a.highlights)
      if (links) loaders.links.prime(highlight.id, links);
  }
  return rows;
}

/** Its records read beside `content` in the timeline (see Reader.readPage). */
export const announcementDetail = recordDetail(
  announcements,
  announcements.contentId,
  announcementRecords,
  (core, { contentId: _, ...row }) => ({ ...core, ...row }),
);
