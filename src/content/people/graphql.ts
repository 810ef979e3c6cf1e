import { builder } from "../../graphql/builder.js";
import { asPerson } from "./loaders.js";
import { type PersonRow, personBySlug } from "./reads.js";

/** People are plain rows; as a Node (node(id)) they carry their type name (asPerson). */
export const PersonRef = builder.objectRef<PersonRow>("Person");

builder.node(PersonRef, {
  id: { resolve: (p) => p.id },
  fields: (t) => ({
    slug: t.exposeString("slug"),
    name: t.exposeString("name"),
    bio: t.exposeString("bio", { nullable: true }),
    url: t.exposeString("url", { nullable: true }),
  }),
});

builder.queryField("person", (t) =>
  t.field({
    type: PersonRef,
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (_root, { slug }, ctx) => {
      ctx.reader.cacheTags.shared();
      const row = await personBySlug(ctx.reader.db, slug);
      return row ? asPerson(row) : null;
    },
  }),
);
