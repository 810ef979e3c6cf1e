import DataLoader from "dataloader";
import type { Dependencies } from "../cache/dependencies.js";
import type { Db } from "../db/client.js";
import {
  type HighlightRow,
  highlightsByAnnouncementIds,
  type LinkRow,
  linksByHighlightIds,
  quotesByAnnouncementIds,
} from "../db/repos/announcements/queries.js";
import type { PersonRow } from "../db/repos/people.js";
import { alignMany } from "./align.js";

export interface QuoteShape {
  text: string;
  role: string | null;
  person: PersonRow;
}

export function announcementLoaders(db: Db, deps: Dependencies) {
  return {
    highlights: new DataLoader<number, HighlightRow[]>(async (ids) =>
      alignMany(ids, await highlightsByAnnouncementIds(db, ids), (r) => r.announcementId),
    ),
    links: new DataLoader<number, LinkRow[]>(async (ids) =>
      alignMany(ids, await linksByHighlightIds(db, ids), (r) => r.highlightId),
    ),
    quotes: new DataLoader<number, QuoteShape[]>(async (ids) => {
      deps.shared();
      return alignMany(ids, await quotesByAnnouncementIds(db, ids), (r) => r.announcementId);
    }),
  };
}
