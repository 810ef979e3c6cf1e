/**
 * Query.changes: what a static site or a search index needs to stay in sync without reading
 * everything again — every entry that changed, and tombstones of those that left public view.
 */
import { builder, pageComplexity } from "../../graphql/builder.js";
import { changeCursor, pageSize, toConnection } from "../../graphql/pagination.js";
import { encodeEntryId } from "../../read/ids.js";
import { ContentRef, ContentTypeEnum } from "../entry/graphql.js";
import { type ChangeRow, changePage, countChanges } from "./reads.js";

const ContentChangeRef = builder.objectRef<ChangeRow>("ContentChange").implement({
  description:
    "An entry that changed: read it again (entry), or, when removedAt is set, remove its page.",
  fields: (t) => ({
    id: t.id({
      description: "The entry's global id (the same as Content.id).",
      resolve: (c) => encodeEntryId(c.type, c.id),
    }),
    type: t.field({ type: ContentTypeEnum, resolve: (c) => c.type }),
    slug: t.exposeString("slug", { description: "Its slug now, or when it was removed." }),
    changedAt: t.field({
      type: "DateTime",
      description: "When it last changed: edited, published, or removed.",
      resolve: (c) => c.changedAt,
    }),
    removedAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "Set on a tombstone: when it was unpublished or deleted.",
      resolve: (c) => c.removedAt,
    }),
    entry: t.field({
      type: ContentRef,
      nullable: true,
      description: "The entry as you may see it now; null on a tombstone.",
      resolve: (c, _args, ctx) => (c.removedAt ? null : ctx.reader.entryOf(c.type, c.id)),
    }),
  }),
});

const ContentChangeConnectionRef = builder.connectionObject(
  { type: ContentChangeRef, name: "ContentChangeConnection" },
  { name: "ContentChangeEdge" },
);

builder.queryField("changes", (t) =>
  t.field({
    type: ContentChangeConnectionRef,
    description:
      "Every entry that changed, oldest change first, with tombstones of entries that left public view. Keep the last endCursor and pass it as `after` next time: a position once read is never filled later, whatever writes run concurrently. `since` limits a first sync to changes at or after an instant.",
    args: {
      since: t.arg({ type: "DateTime" }),
      first: t.arg.int(),
      after: t.arg.string(),
    },
    complexity: pageComplexity,
    resolve: async (_root, args, ctx) => {
      const { db, visibility } = ctx.reader;
      ctx.reader.cacheTags.uncacheable();
      const size = pageSize(args);
      const query = {
        visibility,
        since: args.since ?? undefined,
        after: args.after != null ? changeCursor.decode(args.after, "after") : undefined,
      };
      const rows = await changePage(db, query, size + 1);
      return toConnection(rows, { size, fromEnd: false }, args, changeCursor.encode, rows, () =>
        countChanges(db, query),
      );
    },
  }),
);
