import { and, desc, inArray, isNull, type SQL, sql } from "drizzle-orm";
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

/**
 * The most matches one search ranks: the most recent ones. Ranking reads each match's whole
 * text vector, so a word found in nearly every entry (12,576 of 13,755 in the bench's archive)
 * cost a scan and a rank of them all for a page of 10 (40 ms of PostgreSQL); the newest
 * 1,000 matches are found by walking the timeline index backwards and stop there (11 ms).
 * Fewer matches than this: all are ranked, as before.
 */
export const SEARCH_CANDIDATES = 1_000;

/**
 * Ranked hits (title weighs more than body), keyset-paged on (rank, id), best first, among
 * the SEARCH_CANDIDATES most recent matches.
 */
export async function searchEntries(
  db: Db,
  q: SearchQuery,
  page: { after?: { rank: number; id: number }; limit: number },
): Promise<SearchRow[]> {
  const query = tsquery(q.text);
  const candidates = db
    .select({ id: content.id, type: content.type, vector: content.searchVector })
    .from(content)
    .where(where(q, query))
    .orderBy(desc(content.sortAt), desc(content.id))
    .limit(SEARCH_CANDIDATES)
    .as("candidates");
  const rank = sql<number>`ts_rank(${candidates.vector}, ${query})`;
  const ranked = db
    .select({ id: candidates.id, type: candidates.type, rank: rank.as("rank") })
    .from(candidates)
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

/** Removes our match markers from stored text, so every marker in an excerpt is one of ours. */
const withoutMarkers = (text: SQL) => sql`translate(${text}, ${HIT_START + HIT_END}, '')`;

const HEADLINE = `StartSel=${HIT_START}, StopSel=${HIT_END}`;
/** The body: the text around its matches, in at most two fragments. */
const BODY_OPTIONS = `${HEADLINE}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
/** The title: whole (titles are one short line), its matches marked. */
const TITLE_OPTIONS = `${HEADLINE}, HighlightAll=true`;

/**
 * Text around the matches of `text` in the given entries (the hits of one page, and only when
 * a snippet was asked for), matches wrapped in HIT_START…HIT_END: id → excerpt.
 *
 * The excerpt is the matching text of the body, or else the title, once. (Highlighting the
 * title and the body as one text put the title before every excerpt that began at the top,
 * and a poll's body opens with its question, which often ends its title: "Mascot Contest –
 * Vote for your favorite Vote for your favorite …".) A body with no match shows no marker,
 * since the markers only come from ts_headline.
 */
export async function searchSnippets(
  db: Db,
  text: string,
  ids: readonly number[],
): Promise<Map<number, string>> {
  const query = tsquery(text);
  const body = sql`left(${content.searchText}, ${SNIPPET_SOURCE_LENGTH})`;
  const headlines = db
    .select({
      id: content.id,
      title: content.title,
      body: sql<string>`ts_headline('english', ${withoutMarkers(body)}, ${query}, ${BODY_OPTIONS})`.as(
        "body",
      ),
    })
    .from(content)
    .where(inArray(content.id, [...ids]))
    .as("headlines");
  const rows = await db
    .select({
      id: headlines.id,
      excerpt: sql<string>`CASE WHEN strpos(${headlines.body}, ${HIT_START}) > 0 THEN ${headlines.body}
        ELSE ts_headline('english', ${withoutMarkers(sql`${headlines.title}`)}, ${query}, ${TITLE_OPTIONS}) END`,
    })
    .from(headlines);
  return new Map(rows.map((r) => [r.id, r.excerpt]));
}

export async function countSearch(db: Db, q: SearchQuery): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(content)
    .where(where(q, tsquery(q.text)));
  return row?.n ?? 0;
}
