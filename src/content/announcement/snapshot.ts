import type { Db } from "../../db/client.js";
import { authorSlugsOf } from "../authors/reads.js";
import { tagSlugsOf } from "../tags/reads.js";
import type { AnnouncementIn } from "./input.js";
import {
  announcementsByIds,
  highlightsByAnnouncementIds,
  linksByHighlightIds,
  quotesByAnnouncementIds,
} from "./reads.js";

/** A stored announcement in the shape of its input (a patch is applied to this, then validated). */
export async function announcementSnapshot(db: Db, id: number): Promise<AnnouncementIn | null> {
  const [a] = await announcementsByIds(db, [id], { kind: "all" });
  if (!a) return null;
  const highlights = await highlightsByAnnouncementIds(db, [id]);
  const links = await linksByHighlightIds(
    db,
    highlights.map((h) => h.id),
  );
  const quotes = await quotesByAnnouncementIds(db, [id]);
  return {
    slug: a.slug,
    title: a.title,
    tags: await tagSlugsOf(db, id),
    authors: await authorSlugsOf(db, id),
    kind: a.kind,
    dateline: a.dateline,
    summary: a.summary,
    body: a.bodyMd,
    sourceUrl: a.sourceUrl,
    highlights: highlights.map((h) => ({
      title: h.title,
      detail: h.detail,
      links: links
        .filter((l) => l.highlightId === h.id)
        .map((l) => ({ title: l.title, url: l.url })),
    })),
    quotes: quotes.map((q) => ({ text: q.text, person: q.person.slug, role: q.role })),
  };
}
