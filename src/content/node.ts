/** Query.node: any object by global id, entries and the shared parts alike. */
import { builder } from "../graphql/builder.js";
import type { Context } from "../graphql/context.js";
import { decodeId } from "../read/ids.js";
import { typeOfTypename } from "../registry.js";
import { asPerson, peopleLoaders } from "./people/loaders.js";
import { pollLoaders, pollRecords } from "./poll/loaders.js";
import { visibleOptions } from "./poll/results.js";
import { statsLoaders } from "./stats/loaders.js";

/** An option is visible when its poll is. */
async function pollOption(ctx: Context, id: number) {
  const option = await ctx.reader.use(pollLoaders).option.load(id);
  const poll = option ? await ctx.reader.use(pollRecords).load(option.pollId) : null;
  if (!poll) return null;
  return (await visibleOptions(ctx.reader, poll)).find((o) => o.id === id) ?? null;
}

async function nodeById(ctx: Context, globalId: string) {
  const { type, id } = decodeId(globalId);
  const entryType = typeOfTypename(type);
  if (entryType) return ctx.reader.entryOf(entryType, id);
  if (type === "WeeklyStats") return ctx.reader.use(statsLoaders).stats.load(id);
  if (type === "PollOption") return pollOption(ctx, id);
  const person = await ctx.reader.use(peopleLoaders).person.load(id);
  return person ? asPerson(person) : null;
}

builder.queryField("node", (t) =>
  t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: "Any object by global id; null when it does not exist or is not visible to you.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => nodeById(ctx, String(args.id)),
  }),
);
