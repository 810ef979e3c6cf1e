import { renderMarkdown } from "../../../rich-text.js";
import type { Db } from "../../client.js";
import { issueSections, issues, sectionItemPeople, sectionItems } from "../../tables/issues.js";
import { chunkRows, must } from "../batch.js";
import {
  type ContentInput,
  type ContentType,
  contentIdsBySlug,
  insertContentRows,
} from "../content.js";
import { resolvePeople } from "../people.js";
import { createWeeklyStats, type WeeklyStatsInput } from "../stats/mutations.js";

export type SectionKind = (typeof issueSections.$inferSelect)["kind"];

export interface SectionItemInput {
  title?: string | null;
  bodyMd?: string | null;
  url?: string | null;
  /** Person slugs named by the item. */
  people?: readonly string[];
  /** Another archive entry this item points at. */
  related?: { type: ContentType; slug: string } | null;
}

export interface IssueSectionInput {
  kind: SectionKind;
  title: string;
  items?: readonly SectionItemInput[];
}

export interface IssueInput extends ContentInput {
  volume: number;
  number: number;
  summary?: string | null;
  introMd?: string | null;
  fullNewsletterUrl?: string | null;
  stats?: WeeklyStatsInput | null;
  sections?: readonly IssueSectionInput[];
}

const md = (s: string | null | undefined) => (s ? renderMarkdown(s).text : "");

/** Body text an issue is found by (the title is indexed separately, weighted higher). */
export function issueSearchText(input: IssueInput): string {
  return [
    input.summary ?? "",
    md(input.introMd),
    ...(input.sections ?? []).flatMap((s) => [
      s.title,
      ...(s.items ?? []).flatMap((i) => [i.title ?? "", md(i.bodyMd)]),
    ]),
  ]
    .filter(Boolean)
    .join("\n");
}

/** Insert issues with their stats, sections, items and item people; one statement per table per chunk. */
export async function createIssues(db: Db, inputs: readonly IssueInput[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  const withStats = inputs.filter((i) => i.stats);
  const statsIds = await createWeeklyStats(
    db,
    withStats.map((i) => i.stats as WeeklyStatsInput),
  );
  const statsBySlug = new Map(withStats.map((i, n) => [i.slug, statsIds[n] as number]));

  const ids = await insertContentRows(
    db,
    "issue",
    inputs.map((base) => ({ base, searchText: issueSearchText(base) })),
  );
  const idOf = (slug: string) => must(ids, slug, "issue");

  for (const chunk of chunkRows(
    inputs.map((i) => ({
      contentId: idOf(i.slug),
      volume: i.volume,
      number: i.number,
      summary: i.summary ?? null,
      introMd: i.introMd ?? null,
      fullNewsletterUrl: i.fullNewsletterUrl ?? null,
      statsId: statsBySlug.get(i.slug) ?? null,
    })),
  )) {
    await db.insert(issues).values(chunk);
  }

  const sectionRows = inputs.flatMap((i) =>
    (i.sections ?? []).map((s, position) => ({
      issueId: idOf(i.slug),
      position,
      kind: s.kind,
      title: s.title,
    })),
  );
  const sectionIds = new Map<string, number>();
  for (const chunk of chunkRows(sectionRows)) {
    const rows = await db.insert(issueSections).values(chunk).returning({
      id: issueSections.id,
      issueId: issueSections.issueId,
      position: issueSections.position,
    });
    for (const r of rows) sectionIds.set(`${r.issueId}:${r.position}`, r.id);
  }

  const allItems = inputs.flatMap((i) =>
    (i.sections ?? []).flatMap((s, sp) =>
      (s.items ?? []).map((item, position) => ({
        sectionId: must(sectionIds, `${idOf(i.slug)}:${sp}`, "section"),
        position,
        item,
      })),
    ),
  );
  const related = await relatedIds(
    db,
    allItems.map((x) => x.item.related ?? null),
  );
  const people = await resolvePeople(
    db,
    allItems.flatMap((x) => x.item.people ?? []),
  );
  const itemIds = new Map<string, number>();
  for (const chunk of chunkRows(
    allItems.map(({ sectionId, position, item }) => ({
      sectionId,
      position,
      title: item.title ?? null,
      bodyMd: item.bodyMd ?? null,
      url: item.url ?? null,
      relatedContentId: item.related
        ? (related.get(`${item.related.type}:${item.related.slug}`) ?? null)
        : null,
    })),
  )) {
    const rows = await db.insert(sectionItems).values(chunk).returning({
      id: sectionItems.id,
      sectionId: sectionItems.sectionId,
      position: sectionItems.position,
    });
    for (const r of rows) itemIds.set(`${r.sectionId}:${r.position}`, r.id);
  }
  const itemPeople = allItems.flatMap(({ sectionId, position, item }) =>
    (item.people ?? []).map((slug, p) => ({
      itemId: must(itemIds, `${sectionId}:${position}`, "item"),
      personId: must(people, slug, "person").id,
      position: p,
    })),
  );
  for (const chunk of chunkRows(itemPeople)) await db.insert(sectionItemPeople).values(chunk);

  return inputs.map((i) => idOf(i.slug));
}

async function relatedIds(
  db: Db,
  refs: readonly ({ type: ContentType; slug: string } | null)[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const byType = new Map<ContentType, string[]>();
  for (const r of refs) if (r) byType.set(r.type, [...(byType.get(r.type) ?? []), r.slug]);
  for (const [type, slugs] of byType) {
    for (const [slug, id] of await contentIdsBySlug(db, type, slugs))
      out.set(`${type}:${slug}`, id);
  }
  return out;
}
