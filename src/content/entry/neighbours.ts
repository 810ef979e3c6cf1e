/**
 * An entry's neighbours, for "older / newer" links and a "related" box: previous and next
 * within its type's list, and related entries by shared tags, then recency. Each is one
 * batched statement for every entry of a page.
 */
import DataLoader from "dataloader";
import { clientError } from "../../errors.js";
import { builder } from "../../graphql/builder.js";
import { alignMany, alignOne } from "../../read/align.js";
import { type Neighbours, neighboursByIds } from "../../read/neighbours.js";
import type { Reader } from "../../read/reader.js";
import type { ContentType } from "../../registry.js";
import { MAX_RELATED, relatedByIds } from "../tags/reads.js";
import { ContentRef } from "./graphql.js";

const DEFAULT_RELATED = 5;

function neighbourLoaders(r: Reader) {
  const related = new Map<number, DataLoader<number, { id: number; type: ContentType }[]>>();
  return {
    around: new DataLoader<number, Neighbours | null>(async (ids) =>
      alignOne(ids, await neighboursByIds(r.db, ids, r.visibility), (n) => n.id),
    ),
    /** Related entries, `limit` per entry (one loader per limit asked for). */
    related(limit: number) {
      let loader = related.get(limit);
      if (!loader) {
        loader = new DataLoader(async (ids) =>
          alignMany(ids, await relatedByIds(r.db, ids, r.visibility, limit), (row) => row.of),
        );
        related.set(limit, loader);
      }
      return loader;
    },
  };
}

async function neighbour(r: Reader, id: number, side: "previous" | "next") {
  const around = await r.use(neighbourLoaders).around.load(id);
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
      const rows = await ctx.reader.use(neighbourLoaders).related(limit).load(entry.id);
      return (await ctx.reader.entries(rows)).filter((e) => e !== null);
    },
  }),
}));
