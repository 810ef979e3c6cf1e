/** Publishing any entry (scope editor): publish, schedule, unpublish, delete. */
import { ConflictError, InputError, NotFoundError } from "../errors.js";
import { builder } from "../graphql/builder.js";
import { type Context, writeScope } from "../graphql/context.js";
import { decodeEntryId } from "../read/ids.js";
import type { ContentType } from "../registry.js";
import { ContentRef, DatePrecisionEnum } from "./entry/graphql.js";
import { deleteEntry, publishEntry, scheduleEntry, unpublishEntry } from "./entry/lifecycle.js";
import { KINDS } from "./kinds.js";

/** The entry behind a global id; anything but an archive entry's id is not found. */
function entryIdOf(globalId: string | number): { id: number; type: ContentType } {
  const ref = decodeEntryId(String(globalId));
  if (!ref) throw new NotFoundError(String(globalId));
  return ref;
}

/** Re-read after a write, past what this request's loaders cached before it. */
async function written(ctx: Context, type: ContentType, id: number) {
  const entry = await ctx.reader.reload(type, id);
  if (!entry) throw new NotFoundError(String(id));
  return entry;
}

builder.mutationFields((t) => ({
  publishContent: t.field({
    type: ContentRef,
    description:
      "Publish now, or at a past `publishedAt` (a back issue, an import); a future time is refused (IN_FUTURE): use scheduleContent. Without `publishedAt`, an entry published before and unpublished comes back at its earlier date. Publishing a pending edit applies it to its live entry (same id and slug).",
    authScopes: { editor: true },
    errors: {
      types: [InputError, ConflictError, NotFoundError],
      dataField: { name: "content" },
    },
    args: {
      id: t.arg.id({ required: true }),
      expectedUpdatedAt: t.arg({ type: "DateTime" }),
      publishedAt: t.arg({
        type: "DateTime",
        description:
          "The entry's real publication time, not after now. A published entry moves to it.",
      }),
      publishedAtPrecision: t.arg({
        type: DatePrecisionEnum,
        description: "How much of `publishedAt` is known (default EXACT); needs `publishedAt`.",
      }),
    },
    resolve: async (_root, args, ctx) => {
      const ref = entryIdOf(args.id);
      const scope = writeScope(ctx);
      const { publishedAt, publishedAtPrecision } = args;
      const id = await publishEntry(scope, KINDS, ref.id, String(args.id), args.expectedUpdatedAt, {
        publishedAt,
        publishedAtPrecision,
      });
      return written(ctx, ref.type, id);
    },
  }),
  scheduleContent: t.field({
    type: ContentRef,
    description:
      "Publish at a future instant: invisible everywhere until then, visible from that second.",
    authScopes: { editor: true },
    errors: { types: [InputError, ConflictError, NotFoundError], dataField: { name: "content" } },
    args: {
      id: t.arg.id({ required: true }),
      at: t.arg({ type: "DateTime", required: true }),
      expectedUpdatedAt: t.arg({ type: "DateTime" }),
    },
    resolve: async (_root, args, ctx) => {
      const ref = entryIdOf(args.id);
      const { at, expectedUpdatedAt } = args;
      await scheduleEntry(writeScope(ctx), KINDS, ref.id, String(args.id), at, expectedUpdatedAt);
      return written(ctx, ref.type, ref.id);
    },
  }),
  unpublishContent: t.field({
    type: ContentRef,
    description: "Back to draft: gone from every public surface.",
    authScopes: { editor: true },
    errors: { types: [ConflictError, NotFoundError], dataField: { name: "content" } },
    args: { id: t.arg.id({ required: true }), expectedUpdatedAt: t.arg({ type: "DateTime" }) },
    resolve: async (_root, args, ctx) => {
      const ref = entryIdOf(args.id);
      await unpublishEntry(writeScope(ctx), KINDS, ref.id, String(args.id), args.expectedUpdatedAt);
      return written(ctx, ref.type, ref.id);
    },
  }),
  deleteContent: t.field({
    type: "ID",
    description:
      "Delete an entry with everything it owns (votes of a poll included). Returns the deleted id.",
    authScopes: { editor: true },
    errors: { types: [NotFoundError], dataField: { name: "deletedId" } },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const ref = entryIdOf(args.id);
      await deleteEntry(writeScope(ctx), KINDS, ref.id, String(args.id));
      return String(args.id);
    },
  }),
}));
