import DataLoader from "dataloader";
import { alignMany } from "../../read/align.js";
import type { Reader } from "../../read/reader.js";
import { recordLoader } from "../../read/records.js";
import type { PersonRow } from "../people/reads.js";
import {
  type AnnouncementRecord,
  announcementsByIds,
  type HighlightRow,
  highlightsByAnnouncementIds,
  type LinkRow,
  linksByHighlightIds,
  quotesByAnnouncementIds,
} from "./reads.js";

export type AnnouncementNode = AnnouncementRecord & { __typename: "Announcement" };

export interface QuoteShape {
  text: string;
  role: string | null;
  person: PersonRow;
}

/** Announcements by id, as the reader may see them. */
export const announcementRecords = (r: Reader) =>
  recordLoader(r, "Announcement", (ids) => announcementsByIds(r.db, ids, r.visibility));

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
