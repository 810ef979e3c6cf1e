import DataLoader from "dataloader";
import { alignMany } from "../../read/align.js";
import type { Reader } from "../../read/reader.js";
import { recordDetail, recordLoaders } from "../../read/records.js";
import type { PersonRow } from "../people/reads.js";
import { primeStats } from "../stats/loaders.js";
import {
  type IssueParts,
  type IssueRecord,
  type IssueWithParts,
  type ItemRow,
  issuesByIds,
  issuesWithParts,
  itemsBySectionIds,
  peopleByItemIds,
  type SectionRow,
  type SectionWithParts,
  sectionsByIssueIds,
} from "./reads.js";
import { issues } from "./table.js";

export type IssueNode = IssueRecord & { __typename: "Issue" };

/** Issues by id, as the reader may see them. */
export const issueRecords = recordLoaders("Issue", (r, ids: readonly number[]) =>
  issuesByIds(r.db, ids, r.visibility),
);

export function issueLoaders(r: Reader) {
  return {
    sections: new DataLoader<number, SectionRow[]>(async (ids) =>
      alignMany(ids, await sectionsByIssueIds(r.db, ids), (row) => row.issueId),
    ),
    items: new DataLoader<number, ItemRow[]>(async (ids) =>
      alignMany(ids, await itemsBySectionIds(r.db, ids), (row) => row.sectionId),
    ),
    itemPeople: new DataLoader<number, PersonRow[]>(async (ids) => {
      r.cacheTags.shared();
      return alignMany(ids, await peopleByItemIds(r.db, ids), (row) => row.itemId).map((rows) =>
        rows.map((row) => row.person),
      );
    }),
  };
}

/**
 * Issues matching `clauses` with the parts asked for, read in one statement and handed to this
 * reader's loaders: the resolvers then find every record, section, item and person already
 * loaded, recorded for the caches as if they had loaded them.
 */
export async function readIssues(
  r: Reader,
  clauses: Parameters<typeof issuesWithParts>[2],
  parts: IssueParts,
): Promise<IssueWithParts[]> {
  const rows = await issuesWithParts(r.db, r.visibility, clauses, parts);
  issueRecords.prime(r, rows);
  const loaders = r.use(issueLoaders);
  if (parts.sections?.items?.people) r.cacheTags.shared();
  for (const issue of rows) {
    if (issue.sections) primeSections(loaders, issue.id, issue.sections);
    if (issue.stats !== undefined && issue.statsId != null)
      primeStats(r, issue.statsId, issue.stats);
  }
  return rows;
}

function primeSections(
  loaders: ReturnType<typeof issueLoaders>,
  issueId: number,
  sections: SectionWithParts[],
): void {
  loaders.sections.prime(
    issueId,
    sections.map((s) => s.section),
  );
  for (const { section, items } of sections) {
    if (!items) continue;
    loaders.items.prime(
      section.id,
      items.map((i) => i.item),
    );
    for (const { item, people } of items) if (people) loaders.itemPeople.prime(item.id, people);
  }
}

/** Its records read beside `content` in the timeline (see Reader.readPage). */
export const issueDetail = recordDetail(
  issues,
  issues.contentId,
  issueRecords,
  (core, { contentId: _, revision: __, ...row }) => ({ ...core, ...row }),
);
