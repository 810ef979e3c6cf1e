/** Person.appearsIn: the entries of every type that name a person. */
import { builder, pageComplexity } from "../graphql/builder.js";
import { idInAnyOf } from "../read/listing.js";
import { CONTENT_TYPES } from "../registry.js";
import { authoredBy } from "./authors/reads.js";
import { ContentConnectionRef, ContentRef, entryConnection } from "./entry/graphql.js";
import { KINDS } from "./kinds.js";
import { PersonRef } from "./people/graphql.js";

/** List condition: entries naming the person, whichever type's way (see each kind's mentions). */
const naming = (personId: number) =>
  idInAnyOf([authoredBy(personId), ...CONTENT_TYPES.map((type) => KINDS[type].mentions(personId))]);

builder.objectField(PersonRef, "appearsIn", (t) =>
  t.connection(
    {
      type: ContentRef,
      description:
        "Entries that name this person (bylines, items, quotes, speakers, credits, superstars), newest first.",
      complexity: pageComplexity,
      resolve: (person, args, ctx) => {
        const query = { visibility: ctx.reader.visibility, where: [naming(person.id)] };
        return entryConnection(ctx, args, query, (rows) => ctx.reader.entries(rows));
      },
    },
    ContentConnectionRef,
  ),
);
