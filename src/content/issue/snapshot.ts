import type { Db } from "../../db/client.js";
import { encodeEntryId } from "../../read/ids.js";
import { entryTypesByIds } from "../../read/listing.js";
import { authorSlugsOf } from "../authors/reads.js";
import { statsSnapshot } from "../stats/snapshot.js";
import { tagSlugsOf } from "../tags/reads.js";
import type { IssueIn } from "./input.js";
import {
  type ItemRow,
  issuesByIds,
  itemsBySectionIds,
  peopleByItemIds,
  sectionsByIssueIds,
} from "./reads.js";

const ALL = { kind: "all" } as const;

/** The global ids of the entries items point at. */
async function relatedIds(db: Db, items: readonly ItemRow[]): Promise<Map<number, string>> {
  const ids = items.flatMap((i) => (i.relatedContentId == null ? [] : [i.relatedContentId]));
  const types = await entryTypesByIds(db, ids, ALL);
  return new Map(types.map((r) => [r.id, encodeEntryId(r.type, r.id)]));
}

/** A stored issue in the shape of its input (a patch is applied to this, then validated). */
export async function issueSnapshot(db: Db, id: number): Promise<IssueIn | null> {
  const [issue] = await issuesByIds(db, [id], ALL);
  if (!issue) return null;
  const sections = await sectionsByIssueIds(db, [id]);
  const items = await itemsBySectionIds(
    db,
    sections.map((s) => s.id),
  );
  const people = await peopleByItemIds(
    db,
    items.map((i) => i.id),
  );
  const related = await relatedIds(db, items);
  return {
    slug: issue.slug,
    title: issue.title,
    tags: await tagSlugsOf(db, id),
    authors: await authorSlugsOf(db, id),
    volume: issue.volume,
    number: issue.number,
    summary: issue.summary,
    intro: issue.introMd,
    fullNewsletterUrl: issue.fullNewsletterUrl,
    sections: sections.map((s) => ({
      kind: s.kind,
      title: s.title,
      items: items
        .filter((i) => i.sectionId === s.id)
        .map((i) => ({
          title: i.title,
          body: i.bodyMd,
          url: i.url,
          people: people.filter((p) => p.itemId === i.id).map((p) => p.person.slug),
          related: i.relatedContentId == null ? null : (related.get(i.relatedContentId) ?? null),
        })),
    })),
    stats: issue.statsId == null ? null : await statsSnapshot(db, issue.statsId),
  };
}
