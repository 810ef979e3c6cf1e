import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { chunkRows, must } from "../../db/sql.js";
import { renderMarkdown } from "../../text/rich-text.js";
import { type EntryWrite, insertEntryRows, updateEntryRow } from "../entry/writes.js";
import { resolvePeople } from "../people/reads.js";
import type { AnnouncementKind } from "./reads.js";
import { announcements, highlightLinks, highlights, quotes } from "./table.js";

export interface HighlightWrite {
  title: string;
  detail?: string | null;
  links?: readonly { title: string; url: string }[];
}

export interface QuoteWrite {
  text: string;
  /** Person slug. */
  person: string;
  role?: string | null;
}

export interface AnnouncementWrite extends EntryWrite {
  kind: AnnouncementKind;
  dateline?: string | null;
  summary?: string | null;
  bodyMd?: string | null;
  sourceUrl?: string | null;
  highlights?: readonly HighlightWrite[];
  quotes?: readonly QuoteWrite[];
}

/** Body text an announcement is found by: dateline, summary, body, highlights, quotes and who said them. */
export function announcementSearchText(
  input: AnnouncementWrite,
  people: Map<string, { name: string }>,
): string {
  return [
    input.dateline ?? "",
    input.summary ?? "",
    input.bodyMd ? renderMarkdown(input.bodyMd).text : "",
    ...(input.highlights ?? []).flatMap((h) => [
      h.title,
      h.detail ?? "",
      ...(h.links ?? []).map((l) => l.title),
    ]),
    ...(input.quotes ?? []).flatMap((q) => [
      q.text,
      people.get(q.person)?.name ?? "",
      q.role ?? "",
    ]),
  ]
    .filter(Boolean)
    .join("\n");
}

export async function createAnnouncements(
  db: Db,
  inputs: readonly AnnouncementWrite[],
): Promise<number[]> {
  if (inputs.length === 0) return [];
  const people = await resolvePeople(
    db,
    inputs.flatMap((a) => (a.quotes ?? []).map((q) => q.person)),
  );
  const ids = await insertEntryRows(
    db,
    "announcement",
    inputs.map((base) => ({ base, searchText: announcementSearchText(base, people) })),
  );
  const idOf = (slug: string) => must(ids, slug, "announcement");
  for (const chunk of chunkRows(
    inputs.map((a) => ({
      contentId: idOf(a.slug),
      kind: a.kind,
      dateline: a.dateline ?? null,
      summary: a.summary ?? null,
      bodyMd: a.bodyMd ?? null,
      sourceUrl: a.sourceUrl ?? null,
    })),
  )) {
    await db.insert(announcements).values(chunk);
  }

  await insertChildren(
    db,
    inputs.map((input) => ({ id: idOf(input.slug), input })),
    people,
  );
  return inputs.map((a) => idOf(a.slug));
}

/** Rewrite an announcement in place (same id); highlights, links and quotes are rebuilt. */
export async function replaceAnnouncement(
  db: Db,
  id: number,
  input: AnnouncementWrite,
  at: Date,
): Promise<void> {
  const people = await resolvePeople(
    db,
    (input.quotes ?? []).map((q) => q.person),
  );
  await updateEntryRow(db, id, input, announcementSearchText(input, people), at);
  await db
    .update(announcements)
    .set({
      kind: input.kind,
      dateline: input.dateline ?? null,
      summary: input.summary ?? null,
      bodyMd: input.bodyMd ?? null,
      sourceUrl: input.sourceUrl ?? null,
    })
    .where(eq(announcements.contentId, id));
  await db.delete(highlights).where(eq(highlights.announcementId, id));
  await db.delete(quotes).where(eq(quotes.announcementId, id));
  await insertChildren(db, [{ id, input }], people);
}

async function insertChildren(
  db: Db,
  targets: readonly { id: number; input: AnnouncementWrite }[],
  people: Map<string, { id: number }>,
): Promise<void> {
  const highlightRows = targets.flatMap(({ id, input: a }) =>
    (a.highlights ?? []).map((h, position) => ({
      announcementId: id,
      position,
      title: h.title,
      detail: h.detail ?? null,
    })),
  );
  const highlightIds = new Map<string, number>();
  for (const chunk of chunkRows(highlightRows)) {
    const rows = await db.insert(highlights).values(chunk).returning({
      id: highlights.id,
      announcementId: highlights.announcementId,
      position: highlights.position,
    });
    for (const r of rows) highlightIds.set(`${r.announcementId}:${r.position}`, r.id);
  }
  const links = targets.flatMap(({ id, input: a }) =>
    (a.highlights ?? []).flatMap((h, hp) =>
      (h.links ?? []).map((l, position) => ({
        highlightId: must(highlightIds, `${id}:${hp}`, "highlight"),
        position,
        title: l.title,
        url: l.url,
      })),
    ),
  );
  for (const chunk of chunkRows(links)) await db.insert(highlightLinks).values(chunk);

  const quoteRows = targets.flatMap(({ id, input: a }) =>
    (a.quotes ?? []).map((q, position) => ({
      announcementId: id,
      position,
      text: q.text,
      personId: must(people, q.person, "person").id,
      role: q.role ?? null,
    })),
  );
  for (const chunk of chunkRows(quoteRows)) await db.insert(quotes).values(chunk);
}
