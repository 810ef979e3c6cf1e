import { and, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import type { ContentType } from "../registry.js";
import { content } from "./table.js";
import { type Visibility, visibleSql } from "./visibility.js";

export interface SearchQuery {
  text: string;
  types?: readonly ContentType[];
  visibility: Visibility;
}

export interface SearchRow {
  id: number;
  type: ContentType;
  rank: number;
}

/**
 * Match markers in snippets. The text they are put into has them removed first, so whatever
 * an entry holds (an archive from elsewhere, a `&#1;`), a marker is always one of ours.
 */
export const HIT_START = "\u0001";
export const HIT_END = "\u0002";

/** How much of an entry's text a snippet is looked for in (ts_headline re-parses it all). */
export const SNIPPET_SOURCE_LENGTH = 10_000;

/**
 * The search box's tsquery: websearch syntax ("quoted phrases", or, -not), plus the last
 * bare word as a prefix so results appear while typing ("masc" finds "mascot").
 */
function tsquery(text: string): SQL {
  const full = sql`websearch_to_tsquery('english', ${text})`;
  const m = /^(.*?)([\p{L}\p{N}]+)$/u.exec(text);
  const head = m?.[1] ?? "";
  const quotes = (head.match(/"/g) ?? []).length;
  if (!m || quotes % 2 === 1 || /-$/.test(head)) return full;
  const prefix = sql`to_tsquery('simple', ${`${m[2]?.toLowerCase()}:*`})`;
  const rest = head.trim() ? sql`websearch_to_tsquery('english', ${head}) && ${prefix}` : prefix;
  return sql`(${full} || (${rest}))`;
}

function where(q: SearchQuery, query: SQL): SQL | undefined {
  return and(
    sql`${content.searchVector} @@ ${query}`,
    visibleSql(q.visibility),
    isNull(content.revisionOf),
    q.types?.length ? inArray(content.type, [...new Set(q.types)]) : undefined,
  );
}

/** Ranked hits (title weighs more than body), keyset-paged on (rank, id), best first. */
export async function searchEntries(
  db: Db,
  q: SearchQuery,
  page: { after?: { rank: number; id: number }; limit: number },
): Promise<SearchRow[]> {
  const query = tsquery(q.text);
  const rank = sql<number>`ts_rank(${content.searchVector}, ${query})`;
  const ranked = db
    .select({ id: content.id, type: content.type, rank: rank.as("rank") })
    .from(content)
    .where(where(q, query))
    .as("ranked");
  const rows = await db
    .select({ id: ranked.id, type: ranked.type, rank: ranked.rank })
    .from(ranked)
    .where(
      page.after
        ? sql`(${ranked.rank}, ${ranked.id}) < (${page.after.rank}::real, ${page.after.id})`
        : undefined,
    )
    .orderBy(sql`${ranked.rank} desc`, sql`${ranked.id} desc`)
    .limit(page.limit);
  return rows.map((r) => ({ ...r, rank: Number(r.rank) }));
}

/**
 * Text around the matches of `text` in the given entries (the hits of one page, and only when
 * a snippet was asked for), matches wrapped in HIT_START…HIT_END: id → excerpt.
 */
export async function searchSnippets(
  db: Db,
  text: string,
  ids: readonly number[],
): Promise<Map<number, string>> {
  const query = tsquery(text);
  const source = sql`translate(left(${content.title} || E'\n' || ${content.searchText}, ${SNIPPET_SOURCE_LENGTH}), ${HIT_START + HIT_END}, '')`;
  const options = `StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
  const rows = await db
    .select({
      id: content.id,
      excerpt: sql<string>`ts_headline('english', ${source}, ${query}, ${options})`,
    })
    .from(content)
    .where(inArray(content.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.excerpt]));
}

export async function countSearch(db: Db, q: SearchQuery): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(content)
    .where(where(q, tsquery(q.text)));
  return row?.n ?? 0;
}
