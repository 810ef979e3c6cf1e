/** Content.authors: the byline of every entry. */
import { builder } from "../../graphql/builder.js";
import { ContentRef } from "../entry/graphql.js";
import { PersonRef } from "../people/graphql.js";
import { asPerson } from "../people/loaders.js";
import { authorLoaders } from "./loaders.js";

builder.interfaceField(ContentRef, "authors", (t) =>
  t.field({
    type: [PersonRef],
    description:
      "Who wrote the entry, in byline order (an issue's: its editor). Empty when the source names no one.",
    resolve: async (entry, _args, ctx) =>
      (await ctx.reader.use(authorLoaders).ofEntry.load(entry.id)).map(asPerson),
  }),
);
