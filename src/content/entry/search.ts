/** Full-text search over every entry (GraphQL). */
import DataLoader from "dataloader";
import { clientError } from "../../errors.js";
import { builder, pageComplexity } from "../../graphql/builder.js";
import { pageSize, rankCursor, toConnection } from "../../graphql/pagination.js";
import type { EntryRecord } from "../../read/reader.js";
import {
  countSearch,
  HIT_END,
  HIT_START,
  searchEntries,
  searchSnippets,
} from "../../read/search.js";
import { escapeHtml } from "../../text/html.js";
import { ContentRef, ContentTypeEnum } from "./graphql.js";

interface Hit {
  node: EntryRecord;
  rank: number;
  /** The page's snippets, read in one statement when the first is asked for. */
  snippets: DataLoader<number, string>;
}

const SearchHitRef = builder.objectRef<Hit>("SearchHit").implement({
  fields: (t) => ({
    node: t.field({ type: ContentRef, resolve: (h) => h.node }),
    snippet: t.string({
      description: "HTML: escaped text with the matches in <b>.",
      // Highlighting re-reads the entry's text: the heaviest part of a search, so it runs
      // only when selected, for the hits returned.
      complexity: 5,
      resolve: (h) => h.snippets.load(h.node.id),
    }),
    rank: t.exposeFloat("rank"),
  }),
});

const SearchConnectionRef = builder.connectionObject(
  { type: SearchHitRef, name: "SearchConnection" },
  { name: "SearchEdge" },
);

/** Escape the excerpt as text, then turn the match markers into <b>…</b>. */
export function snippetHtml(excerpt: string): string {
  return escapeHtml(excerpt.replace(/\s+/g, " ").trim())
    .replaceAll(HIT_START, "<b>")
    .replaceAll(HIT_END, "</b>");
}

export const MAX_SEARCH_LENGTH = 200;
/** The complexity charged for one search field, before what it selects. */
export const SEARCH_COST = 500;

/** The search text, trimmed; a BAD_USER_INPUT naming `query` when it is unusable. */
function searchText(query: string): string {
  const text = query.trim();
  const problem =
    text.length === 0
      ? "must not be empty"
      : text.includes("\u0000")
        ? "must not contain NUL characters"
        : text.length > MAX_SEARCH_LENGTH
          ? `must be at most ${MAX_SEARCH_LENGTH} characters`
          : null;
  if (problem)
    throw clientError("BAD_USER_INPUT", `"query" ${problem}.`, { argumentName: "query" });
  return text;
}

builder.queryField("search", (t) =>
  t.field({
    type: SearchConnectionRef,
    description:
      'Full-text search over every entry\'s title and text, best match first. Search-box syntax: words, "a phrase", or, -exclude; the last word also matches as a prefix.',
    args: {
      query: t.arg.string({ required: true }),
      types: t.arg({ type: [ContentTypeEnum] }),
      first: t.arg.int(),
      after: t.arg.string(),
    },
    // A full-text search matches every entry's text and ranks up to 1,000: priced as a page of 100
    // list entries, so that one request (a batch included) holds at most ~35 of them.
    complexity: (args) => ({ field: SEARCH_COST, multiplier: pageComplexity(args).multiplier }),
    resolve: async (_root, args, ctx) => {
      const { db, visibility, cacheTags } = ctx.reader;
      const text = searchText(args.query);
      const size = pageSize(args);
      const after = args.after != null ? rankCursor.decode(args.after, "after") : undefined;
      const q = { text, types: args.types ?? undefined, visibility };
      cacheTags.list(q.types);
      const rows = await searchEntries(db, q, { after, limit: size + 1 });
      const nodes = await ctx.reader.entries(rows.slice(0, size));
      const snippets = new DataLoader<number, string>(async (ids) => {
        const found = await searchSnippets(db, text, ids);
        return ids.map((id) => snippetHtml(found.get(id) ?? ""));
      });
      const hits = rows.map((r, i) => {
        const node = nodes[i];
        return node ? { node, rank: r.rank, snippets } : null;
      });
      const cursorOf = (r: { rank: number; id: number }) => rankCursor.encode(r.rank, r.id);
      const page = { size, fromEnd: false };
      return toConnection(rows, page, args, cursorOf, hits, () => countSearch(db, q));
    },
  }),
);
