/** The Tag type and its editorial mutations (scope editor). */
import { InputError, NotFoundError } from "../../errors.js";
import { builder } from "../../graphql/builder.js";
import { type Context, writeScope } from "../../graphql/context.js";
import { createTag, deleteTag, updateTag } from "./edit.js";
import { type TagRow, tagBySlug } from "./reads.js";

export const TagRef = builder.objectRef<TagRow>("Tag").implement({
  fields: (t) => ({
    slug: t.exposeString("slug"),
    name: t.exposeString("name"),
  }),
});

const TagInputRef = builder.inputType("TagInput", {
  fields: (t) => ({ slug: t.string(), name: t.string({ required: true }) }),
});
const TagPatchRef = builder.inputType("TagPatch", {
  fields: (t) => ({ slug: t.string(), name: t.string() }),
});

async function written(ctx: Context, slug: string): Promise<TagRow> {
  const row = await tagBySlug(ctx.reader.db, slug);
  if (!row) throw new NotFoundError(slug);
  return row;
}

builder.mutationFields((t) => ({
  createTag: t.field({
    type: TagRef,
    authScopes: { editor: true },
    errors: { types: [InputError], dataField: { name: "tag" } },
    args: { input: t.arg({ type: TagInputRef, required: true }) },
    resolve: async (_r, args, ctx) => written(ctx, await createTag(writeScope(ctx), args.input)),
  }),
  updateTag: t.field({
    type: TagRef,
    authScopes: { editor: true },
    errors: { types: [InputError, NotFoundError], dataField: { name: "tag" } },
    args: {
      slug: t.arg.string({ required: true }),
      patch: t.arg({ type: TagPatchRef, required: true }),
    },
    resolve: async (_r, args, ctx) => {
      const patch = args.patch as Record<string, unknown>;
      return written(ctx, await updateTag(writeScope(ctx), args.slug, patch));
    },
  }),
  deleteTag: t.field({
    type: "String",
    description: "Removes the tag from every entry. Returns the deleted slug.",
    authScopes: { editor: true },
    errors: { types: [NotFoundError], dataField: { name: "deletedSlug" } },
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => {
      await deleteTag(writeScope(ctx), args.slug);
      return args.slug;
    },
  }),
}));
