import type { PersonRow } from "../../db/repos/people.js";
import { personBySlug } from "../../db/repos/people.js";
import { builder, pageComplexity } from "../builder.js";
import { ContentConnectionRef, ContentRef, contentConnection, loadMixed } from "./content.js";

export const PersonRef = builder.objectRef<PersonRow>("Person");

builder.node(PersonRef, {
  id: { resolve: (p) => p.id },
  fields: (t) => ({
    slug: t.exposeString("slug"),
    name: t.exposeString("name"),
    bio: t.exposeString("bio", { nullable: true }),
    url: t.exposeString("url", { nullable: true }),
    appearsIn: t.connection(
      {
        type: ContentRef,
        description:
          "Entries that name this person (items, quotes, speakers, credits, superstars), newest first.",
        complexity: pageComplexity,
        resolve: (person, args, ctx) =>
          contentConnection(
            ctx,
            args,
            { visibility: ctx.loaders.visibility, personId: person.id },
            (rows) => loadMixed(ctx, rows),
          ),
      },
      ContentConnectionRef,
    ),
  }),
});

/** People are plain rows; tag them for the Node interface's type resolution. */
export const asPerson = (row: PersonRow) => ({ ...row, __typename: "Person" as const });

builder.queryField("person", (t) =>
  t.field({
    type: PersonRef,
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (_root, { slug }, ctx) => {
      ctx.deps.shared();
      const row = await personBySlug(ctx.db, slug);
      return row ? asPerson(row) : null;
    },
  }),
);
