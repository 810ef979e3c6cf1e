import { builder, pageComplexity } from "../../graphql/builder.js";
import { slugConnection } from "../../graphql/pagination.js";
import { SEARCH_ARG } from "../name-search.js";
import { asPerson } from "./loaders.js";
import { countPeople, type PersonRow, peoplePage, personBySlug } from "./reads.js";

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

const PersonConnectionRef = builder.connectionObject(
  { type: PersonRef, name: "PersonConnection" },
  { name: "PersonEdge" },
);

builder.queryField("people", (t) =>
  t.field({
    type: PersonConnectionRef,
    description:
      "Everyone the archive names, in slug order (first/after); each person's entries are in appearsIn.",
    args: {
      first: t.arg.int(),
      after: t.arg.string(),
      search: t.arg.string({ description: SEARCH_ARG }),
    },
    complexity: pageComplexity,
    resolve: (_root, args, ctx) => {
      const { db } = ctx.reader;
      ctx.reader.cacheTags.shared();
      return slugConnection(
        args,
        (after, limit) => peoplePage(db, after, limit, args.search),
        asPerson,
        () => countPeople(db, args.search),
      );
    },
  }),
);
