/** Editorial mutations for people (scope editor). */
import { InputError, NotFoundError } from "../../errors.js";
import { builder, type InputFields } from "../../graphql/builder.js";
import { type Context, writeScope } from "../../graphql/context.js";
import { decodeIdOf } from "../../read/ids.js";
import { createPerson, deletePerson, updatePerson } from "./edit.js";
import { PersonRef } from "./graphql.js";
import { asPerson, peopleLoaders } from "./loaders.js";

function personFields(t: InputFields, required: boolean) {
  return { slug: t.string(), name: t.string({ required }), bio: t.string(), url: t.string() };
}
const PersonInputRef = builder.inputType("PersonInput", { fields: (t) => personFields(t, true) });
const PersonPatchRef = builder.inputType("PersonPatch", { fields: (t) => personFields(t, false) });

/** The person as written, read past this request's cached loads. */
async function written(ctx: Context, id: number) {
  const loader = ctx.reader.use(peopleLoaders).person;
  const row = await loader.clear(id).load(id);
  if (!row) throw new NotFoundError(String(id));
  return asPerson(row);
}

builder.mutationFields((t) => ({
  createPerson: t.field({
    type: PersonRef,
    authScopes: { editor: true },
    errors: { types: [InputError], dataField: { name: "person" } },
    args: { input: t.arg({ type: PersonInputRef, required: true }) },
    resolve: async (_r, args, ctx) => written(ctx, await createPerson(writeScope(ctx), args.input)),
  }),
  updatePerson: t.field({
    type: PersonRef,
    authScopes: { editor: true },
    errors: { types: [InputError, NotFoundError], dataField: { name: "person" } },
    args: {
      id: t.arg.id({ required: true }),
      patch: t.arg({ type: PersonPatchRef, required: true }),
    },
    resolve: async (_r, args, ctx) => {
      const id = decodeIdOf("Person", String(args.id));
      const patch = args.patch as Record<string, unknown>;
      return written(ctx, await updatePerson(writeScope(ctx), id, String(args.id), patch));
    },
  }),
  deletePerson: t.field({
    type: "ID",
    description: "Refused (IN_USE) while any entry still names the person.",
    authScopes: { editor: true },
    errors: { types: [InputError, NotFoundError], dataField: { name: "deletedId" } },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) => {
      await deletePerson(writeScope(ctx), decodeIdOf("Person", String(args.id)), String(args.id));
      return String(args.id);
    },
  }),
}));
