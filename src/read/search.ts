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
  /** Text around the matches; matches wrapped in \u0001…\u0002 (escaped and marked up later). */
  excerpt: string;
}

// Markers that cannot occur in stored text (control characters are stripped on the way in).
export const HIT_START = "\u0001";
export const HIT_END = "\u0002";

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
    .select({
      id: content.id,
      type: content.type,
      rank: rank.as("rank"),
      title: content.title,
      body: content.searchText,
    })
    .from(content)
    .where(where(q, query))
    .as("ranked");
  const rows = await db
    .select({
      id: ranked.id,
      type: ranked.type,
      rank: ranked.rank,
      excerpt: sql<string>`ts_headline('english', ${ranked.title} || E'\n' || ${ranked.body}, ${query},
        ${`StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`})`,
    })
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

export async function countSearch(db: Db, q: SearchQuery): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(content)
    .where(where(q, tsquery(q.text)));
  return row?.n ?? 0;
}
