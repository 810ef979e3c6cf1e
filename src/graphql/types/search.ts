import { countSearch, HIT_END, HIT_START, searchContent } from "../../db/repos/search.js";
import type { ContentNode } from "../../loaders/content.js";
import { builder, pageComplexity } from "../builder.js";
import { clientError } from "../errors.js";
import { pageSize, rankCursor, toConnection } from "../pagination.js";
import { ContentRef, ContentTypeEnum, loadMixed } from "./content.js";

interface Hit {
  node: ContentNode;
  snippet: string;
  rank: number;
}

const SearchHitRef = builder.objectRef<Hit>("SearchHit").implement({
  fields: (t) => ({
    node: t.field({ type: ContentRef, resolve: (h) => h.node }),
    snippet: t.exposeString("snippet", {
      description: "HTML: escaped text with the matches in <b>.",
    }),
    rank: t.exposeFloat("rank"),
  }),
});

const SearchConnectionRef = builder.connectionObject(
  { type: SearchHitRef, name: "SearchConnection" },
  { name: "SearchEdge" },
);

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Escape the excerpt as text, then turn the match markers into <b>…</b>. */
export function snippetHtml(excerpt: string): string {
  return escapeHtml(excerpt.replace(/\s+/g, " ").trim())
    .replaceAll(HIT_START, "<b>")
    .replaceAll(HIT_END, "</b>");
}

export const MAX_SEARCH_LENGTH = 200;

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
    complexity: (args) => ({ field: 10, multiplier: pageComplexity(args).multiplier }),
    resolve: async (_root, args, ctx) => {
      const text = args.query.trim();
      if (text.length === 0)
        throw clientError("BAD_USER_INPUT", '"query" must not be empty.', {
          argumentName: "query",
        });
      if (text.includes("\u0000"))
        throw clientError("BAD_USER_INPUT", '"query" must not contain NUL characters.', {
          argumentName: "query",
        });
      if (text.length > MAX_SEARCH_LENGTH) {
        throw clientError(
          "BAD_USER_INPUT",
          `"query" must be at most ${MAX_SEARCH_LENGTH} characters.`,
          {
            argumentName: "query",
          },
        );
      }
      const size = pageSize(args);
      const after = args.after != null ? rankCursor.decode(args.after, "after") : undefined;
      const q = { text, types: args.types ?? undefined, visibility: ctx.loaders.visibility };
      ctx.deps.list(q.types);
      const rows = await searchContent(ctx.db, q, { after, limit: size + 1 });
      const nodes = await loadMixed(ctx, rows.slice(0, size));
      const hits = rows.map((r, i) => {
        const node = nodes[i];
        return node ? { node, rank: r.rank, snippet: snippetHtml(r.excerpt) } : null;
      });
      return toConnection(
        rows,
        { size, fromEnd: false },
        args,
        (r) => rankCursor.encode(r.rank, r.id),
        hits,
        () => countSearch(ctx.db, q),
      );
    },
  }),
);
