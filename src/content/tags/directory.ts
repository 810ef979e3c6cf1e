/** What sites link to for tags: every tag with its count, one tag by slug, a tag's entries. */
import { builder, pageComplexity } from "../../graphql/builder.js";
import { slugConnection } from "../../graphql/pagination.js";
import {
  ContentConnectionRef,
  ContentRef,
  ContentTypeEnum,
  entryConnection,
} from "../entry/graphql.js";
import { SEARCH_ARG } from "../name-search.js";
import { TagRef } from "./graphql.js";
import { tagLoaders } from "./loaders.js";
import { countTags, tagBySlug, taggedSql, tagPage } from "./reads.js";

builder.objectFields(TagRef, (t) => ({
  entryCount: t.int({
    description: "How many entries you may see carry this tag.",
    resolve: (tag, _args, ctx) => ctx.reader.use(tagLoaders).entryCount.load(tag.slug),
  }),
  entries: t.connection(
    {
      type: ContentRef,
      description: "The entries carrying this tag, newest first (its feed follows the list).",
      args: { types: t.arg({ type: [ContentTypeEnum] }) },
      complexity: pageComplexity,
      resolve: (tag, args, ctx) => {
        const types = args.types ?? undefined;
        const query = { visibility: ctx.reader.visibility, types, where: [taggedSql(tag.slug)] };
        const stream = { kind: "tag" as const, tag: tag.slug };
        return entryConnection(ctx, args, query, (rows) => ctx.reader.entries(rows), stream);
      },
    },
    ContentConnectionRef,
  ),
}));

const TagConnectionRef = builder.connectionObject(
  { type: TagRef, name: "TagConnection" },
  { name: "TagEdge" },
);

builder.queryFields((t) => ({
  tags: t.field({
    type: TagConnectionRef,
    description:
      "Tags that carry an entry you may see, in slug order (first/after), each with its entry count.",
    args: {
      first: t.arg.int(),
      after: t.arg.string(),
      search: t.arg.string({ description: SEARCH_ARG }),
    },
    complexity: pageComplexity,
    resolve: (_root, args, ctx) => {
      const { db, visibility } = ctx.reader;
      // Counts move with any entry; names with shared-data writes (a tag renamed).
      ctx.reader.cacheTags.list(undefined);
      ctx.reader.cacheTags.shared();
      return slugConnection(
        args,
        (after, limit) => tagPage(db, visibility, after, limit, args.search),
        (row) => row,
        () => countTags(db, visibility, args.search),
      );
    },
  }),
  tag: t.field({
    type: TagRef,
    nullable: true,
    description: "A tag by slug (null when no entry you may see carries it).",
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_root, { slug }, ctx) => {
      ctx.reader.cacheTags.list(undefined);
      ctx.reader.cacheTags.shared();
      return tagBySlug(ctx.reader.db, slug, ctx.reader.visibility);
    },
  }),
}));
