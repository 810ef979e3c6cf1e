import { builder } from "../builder.js";
import { decodeId } from "../ids.js";
import { asPerson } from "./person.js";
import { optionsOf } from "./poll.js";

builder.queryField("node", (t) =>
  t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: "Any object by global id; null when it does not exist or is not visible to you.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { type, id } = decodeId(String(args.id));
      const l = ctx.loaders;
      switch (type) {
        case "Issue":
          return l.issue.load(id);
        case "Announcement":
          return l.announcement.load(id);
        case "Event":
          return l.event.load(id);
        case "Poll":
          return l.poll.load(id);
        case "WeeklyStats":
          return l.stats.stats.load(id);
        case "Person": {
          const person = await l.people.person.load(id);
          return person ? asPerson(person) : null;
        }
        case "PollOption": {
          // An option is visible when its poll is.
          const option = await l.polls.option.load(id);
          const poll = option ? await l.poll.load(option.pollId) : null;
          if (!poll) return null;
          return (await optionsOf(poll, ctx)).find((o) => o.id === id) ?? null;
        }
      }
    },
  }),
);
