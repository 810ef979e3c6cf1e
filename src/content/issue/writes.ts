import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { chunkRows, must } from "../../db/sql.js";
import { type ContentStatus, content } from "../../read/table.js";
import type { ContentType } from "../../registry.js";
import { renderMarkdown } from "../../text/rich-text.js";
import type { Publication } from "../entry/lifecycle-store.js";
import {
  type EntryWrite,
  entryIdsBySlug,
  insertEntryRows,
  updateEntryRow,
} from "../entry/writes.js";
import { resolvePeople } from "../people/reads.js";
import { weeklyStats } from "../stats/table.js";
import {
  createWeeklyStats,
  deleteWeeklyStats,
  type StatsWrite,
  setStatsStatus,
} from "../stats/writes.js";
import { statsIdOf } from "./reads.js";
import { issueSections, issues, sectionItemPeople, sectionItems } from "./table.js";

export type SectionKind = (typeof issueSections.$inferSelect)["kind"];

export interface SectionItemWrite {
  title?: string | null;
  bodyMd?: string | null;
  url?: string | null;
  /** Person slugs named by the item. */
  people?: readonly string[];
  /** Another archive entry this item points at, by type and slug or by id. */
  related?: { type: ContentType; slug: string } | { id: number } | null;
}

export interface IssueSectionWrite {
  kind: SectionKind;
  title: string;
  items?: readonly SectionItemWrite[];
}

export interface IssueWrite extends EntryWrite {
  volume: number;
  number: number;
  summary?: string | null;
  introMd?: string | null;
  fullNewsletterUrl?: string | null;
  stats?: StatsWrite | null;
  sections?: readonly IssueSectionWrite[];
  /** Pending edit's copy: exempt from (volume, number) uniqueness. */
  revision?: boolean;
}

const md = (s: string | null | undefined) => (s ? renderMarkdown(s).text : "");

/** Body text an issue is found by (the title is indexed separately, weighted higher). */
export function issueSearchText(input: IssueWrite): string {
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

const detail = (i: IssueWrite, statsId: number | null) => ({
  volume: i.volume,
  number: i.number,
  summary: i.summary ?? null,
  introMd: i.introMd ?? null,
  fullNewsletterUrl: i.fullNewsletterUrl ?? null,
  statsId,
  revision: i.revision ?? false,
});

/** Insert issues with their stats, sections, items and item people; one statement per table per chunk. */
export async function createIssues(db: Db, inputs: readonly IssueWrite[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  const withStats = inputs.filter((i) => i.stats);
  // An issue's own stats are published with it (and may be withdrawn on their own later).
  const statsIds = await createWeeklyStats(
    db,
    withStats.map((i) => ({
      status: i.status,
      publishedAt: i.publishedAt,
      ...(i.stats as StatsWrite),
      revision: i.revision ?? false,
    })),
  );
  const statsBySlug = new Map(withStats.map((i, n) => [i.slug, statsIds[n] as number]));
  const ids = await insertEntryRows(
    db,
    "issue",
    inputs.map((base) => ({ base, searchText: issueSearchText(base) })),
  );
  const idOf = (slug: string) => must(ids, slug, "issue");
  for (const chunk of chunkRows(
    inputs.map((i) => ({ contentId: idOf(i.slug), ...detail(i, statsBySlug.get(i.slug) ?? null) })),
  )) {
    await db.insert(issues).values(chunk);
  }
  await insertSections(
    db,
    inputs.map((input) => ({ id: idOf(input.slug), input })),
  );
  return inputs.map((i) => idOf(i.slug));
}

/**
 * Rewrite an issue in place: same id (stable feed ids and links), new fields, sections
 * rebuilt, weekly stats replaced. The caller holds the transaction.
 */
export async function replaceIssue(db: Db, id: number, input: IssueWrite, at: Date): Promise<void> {
  await updateEntryRow(db, id, input, issueSearchText(input), at);
  // New figures keep the publication the old ones had, or else the issue's.
  const publication = await ownedStatsPublication(db, id);
  await removeIssueStats(db, id);
  const [statsId] = input.stats
    ? await createWeeklyStats(db, [
        { ...publication, ...input.stats, revision: input.revision ?? false },
      ])
    : [];
  await db
    .update(issues)
    .set(detail(input, statsId ?? null))
    .where(eq(issues.contentId, id));
  await db.delete(issueSections).where(eq(issueSections.issueId, id));
  await insertSections(db, [{ id, input }]);
}

/** The publication of an issue's stats: theirs when it has some, else the issue's. */
async function ownedStatsPublication(db: Db, id: number) {
  const [row] = await db
    .select({
      status: sql<ContentStatus>`coalesce(${weeklyStats.status}, ${content.status})`,
      publishedAt: sql<Date | null>`coalesce(${weeklyStats.publishedAt}, ${content.publishedAt})`,
    })
    .from(content)
    .innerJoin(issues, eq(issues.contentId, content.id))
    .leftJoin(weeklyStats, eq(weeklyStats.id, issues.statsId))
    .where(eq(content.id, id));
  return { status: row?.status, publishedAt: row?.publishedAt ? new Date(row.publishedAt) : null };
}

/** An issue was published, scheduled or unpublished: its own stats follow. */
export async function publishIssueStats(db: Db, id: number, values: Publication): Promise<void> {
  const statsId = await statsIdOf(db, id);
  if (statsId !== null) await setStatsStatus(db, statsId, values);
}

/** Delete the weekly stats an issue owns (they have no life of their own). */
export async function removeIssueStats(db: Db, id: number): Promise<void> {
  const statsId = await statsIdOf(db, id);
  if (statsId === null) return;
  await db.update(issues).set({ statsId: null }).where(eq(issues.contentId, id));
  await deleteWeeklyStats(db, statsId);
}

async function insertSections(
  db: Db,
  issuesToFill: readonly { id: number; input: IssueWrite }[],
): Promise<void> {
  const sectionRows = issuesToFill.flatMap(({ id, input }) =>
    (input.sections ?? []).map((s, position) => ({
      issueId: id,
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
  const items = issuesToFill.flatMap(({ id, input }) =>
    (input.sections ?? []).flatMap((s, sp) =>
      (s.items ?? []).map((item, position) => ({
        sectionId: must(sectionIds, `${id}:${sp}`, "section"),
        position,
        item,
      })),
    ),
  );
  await insertItems(db, items);
}

/** Insert section items with the people they name. */
async function insertItems(
  db: Db,
  allItems: readonly { sectionId: number; position: number; item: SectionItemWrite }[],
): Promise<void> {
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
      relatedContentId: !item.related
        ? null
        : "id" in item.related
          ? item.related.id
          : (related.get(`${item.related.type}:${item.related.slug}`) ?? null),
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
}

async function relatedIds(
  db: Db,
  refs: readonly ({ type: ContentType; slug: string } | { id: number } | null)[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const byType = new Map<ContentType, string[]>();
  for (const r of refs)
    if (r && "slug" in r) byType.set(r.type, [...(byType.get(r.type) ?? []), r.slug]);
  for (const [type, slugs] of byType) {
    for (const [slug, id] of await entryIdsBySlug(db, type, slugs)) out.set(`${type}:${slug}`, id);
  }
  return out;
}
