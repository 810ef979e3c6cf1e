/**
 * An entry's neighbours, for "older / newer" links and a "related" box: previous and next
 * within its type's list, and related entries by shared tags, then recency. Each is one
 * batched statement for every entry of a page.
 */
import DataLoader from "dataloader";
import { clientError } from "../../errors.js";
import { builder } from "../../graphql/builder.js";
import { type Neighbours, neighboursByIds } from "../../read/neighbours.js";
import type { Reader } from "../../read/reader.js";
import type { ContentType } from "../../registry.js";
import { MAX_RELATED, relatedByIds } from "../tags/reads.js";
import { ContentRef } from "./graphql.js";

const DEFAULT_RELATED = 5;

type Linked = { id: number; type: ContentType };
/** What one entry links to: its neighbours, or its related entries up to a limit. */
type LinkKey = { id: number; related: number | null };
type Links = Neighbours | Linked[] | null;

const unique = <T>(values: readonly T[]) => [...new Set(values)];

/**
 * One loader for both kinds of links, so a page's neighbours and related entries resolve
 * together and the entries they name are then loaded in one batch per type, whichever
 * statement the database answers first.
 */
function linkLoader(r: Reader) {
  return new DataLoader<LinkKey, Links, string>(
    async (keys) => {
      const aroundIds = unique(keys.filter((k) => k.related === null).map((k) => k.id));
      const limits = unique(keys.flatMap((k) => (k.related === null ? [] : [k.related])));
      const [around, ...related] = await Promise.all([
        aroundIds.length ? neighboursByIds(r.db, aroundIds, r.visibility) : [],
        ...limits.map((limit) => {
          const ids = unique(keys.filter((k) => k.related === limit).map((k) => k.id));
          return relatedByIds(r.db, ids, r.visibility, limit);
        }),
      ]);
      const aroundOf = new Map(around.map((n) => [n.id, n]));
      const relatedOf = new Map<string, Linked[]>();
      limits.forEach((limit, i) => {
        for (const row of related[i] ?? []) {
          const key = `${row.of}:${limit}`;
          relatedOf.set(key, [...(relatedOf.get(key) ?? []), { id: row.id, type: row.type }]);
        }
      });
      return keys.map(
        (k): Links =>
          k.related === null
            ? (aroundOf.get(k.id) ?? null)
            : (relatedOf.get(`${k.id}:${k.related}`) ?? []),
      );
    },
    { cacheKeyFn: (k) => `${k.id}:${k.related ?? "around"}` },
  );
}

async function neighbour(r: Reader, id: number, side: "previous" | "next") {
  const around = (await r.use(linkLoader).load({ id, related: null })) as Neighbours | null;
  if (!around) return null;
  r.cacheTags.list([around.type]);
  const other = around[side];
  return other == null ? null : r.entryOf(around.type, other);
}

builder.interfaceFields(ContentRef, (t) => ({
  previous: t.field({
    type: ContentRef,
    nullable: true,
    description: "The next older entry of the same type you may see (null for the oldest).",
    resolve: (entry, _args, ctx) => neighbour(ctx.reader, entry.id, "previous"),
  }),
  next: t.field({
    type: ContentRef,
    nullable: true,
    description: "The next newer entry of the same type you may see (null for the newest).",
    resolve: (entry, _args, ctx) => neighbour(ctx.reader, entry.id, "next"),
  }),
  related: t.field({
    type: [ContentRef],
    description: `Entries of any type sharing the most tags with this one, newest first among equals; filled up with the newest entries of its type. At most \`first\` (default ${DEFAULT_RELATED}, at most ${MAX_RELATED}).`,
    args: { first: t.arg.int({ defaultValue: DEFAULT_RELATED }) },
    complexity: (args) => ({ field: 1, multiplier: args.first ?? DEFAULT_RELATED }),
    resolve: async (entry, args, ctx) => {
      const limit = args.first ?? DEFAULT_RELATED;
      if (limit < 0 || limit > MAX_RELATED) {
        throw clientError(
          "PAGE_SIZE_OUT_OF_RANGE",
          `"first" must be between 0 and ${MAX_RELATED}, got ${limit}.`,
          { argumentName: "first", max: MAX_RELATED },
        );
      }
      ctx.reader.cacheTags.list(undefined);
      if (limit === 0) return [];
      const key = { id: entry.id, related: limit };
      const rows = (await ctx.reader.use(linkLoader).load(key)) as Linked[];
      return (await ctx.reader.entries(rows)).filter((e) => e !== null);
    },
  }),
}));
