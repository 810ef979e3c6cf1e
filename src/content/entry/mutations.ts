/** The create and update mutations every content type has, built from its kind (scope editor). */
import type { InputObjectRef, ObjectRef } from "@pothos/core";
import { ConflictError, InputError, NotFoundError } from "../../errors.js";
import { type BuilderTypes, builder, type InputFields } from "../../graphql/builder.js";
import { type Context, writeScope } from "../../graphql/context.js";
import { decodeEntryId } from "../../read/ids.js";
import type { EntryRecord } from "../../read/reader.js";
import { TYPE_NAMES } from "../../registry.js";
import type { ContentKind } from "./kind.js";
import { createEntry, updateEntry } from "./lifecycle.js";

export interface EntryMutations {
  /** The type's kind; its records loader reads back what was written. */
  kind: ContentKind;
  /** The type's GraphQL object (what the mutations answer with). */
  ref: ObjectRef<BuilderTypes, EntryRecord>;
  /** The create input (required fields required) and the patch input (all optional). */
  input: InputObjectRef<BuilderTypes, object>;
  patch: InputObjectRef<BuilderTypes, object>;
}

/** Re-read after a write, past what this request's loaders cached before it. */
async function written(ctx: Context, kind: ContentKind, id: number): Promise<EntryRecord> {
  const node = await ctx.reader.use(kind.records).clear(id).load(id);
  if (!node) throw new NotFoundError(String(id));
  return node;
}

/** createX and updateX for one content type. */
export function entryMutations(spec: EntryMutations): void {
  const { kind } = spec;
  const { type } = kind;
  const { typename, article } = TYPE_NAMES[type];
  builder.mutationField(`create${typename}`, (t) =>
    t.field({
      type: spec.ref,
      description: `Create a draft ${type}. Publish it with publishContent or scheduleContent.`,
      authScopes: { editor: true },
      errors: { types: [InputError], dataField: { name: type } },
      args: { input: t.arg({ type: spec.input, required: true }) },
      resolve: async (_root, args, ctx) =>
        written(ctx, kind, await createEntry(writeScope(ctx), kind, args.input)),
    }),
  );
  builder.mutationField(`update${typename}`, (t) =>
    t.field({
      type: spec.ref,
      description: `Change ${article} ${type}: fields given replace the stored ones (lists whole; null clears). With expectedUpdatedAt, refused with ConflictError if someone changed it since. With asRevision on a live ${type}, the change is kept as a pending edit until published.`,
      authScopes: { editor: true },
      errors: { types: [InputError, ConflictError, NotFoundError], dataField: { name: type } },
      args: {
        id: t.arg.id({ required: true }),
        patch: t.arg({ type: spec.patch, required: true }),
        expectedUpdatedAt: t.arg({ type: "DateTime" }),
        asRevision: t.arg.boolean({ defaultValue: false }),
      },
      resolve: async (_root, args, ctx) => {
        const ref = decodeEntryId(String(args.id));
        if (ref?.type !== type) throw new NotFoundError(String(args.id));
        const options = {
          expectedUpdatedAt: args.expectedUpdatedAt,
          asRevision: args.asRevision ?? false,
        };
        const patch = args.patch as Record<string, unknown>;
        const id = await updateEntry(
          writeScope(ctx),
          kind,
          ref.id,
          String(args.id),
          patch,
          options,
        );
        return written(ctx, kind, id);
      },
    }),
  );
}

/** Input fields every content type's create input (required) and patch (optional) share. */
export function entryInputFields(t: InputFields, required: boolean) {
  return {
    slug: t.string({
      description: "Made from the title when absent (and kept when the title changes).",
    }),
    title: t.string({ required }),
    tags: t.stringList({ description: "Tag slugs (the tags must exist)." }),
    authors: t.stringList({
      description: "Person slugs of the byline, in order (the people must exist).",
    }),
  };
}
