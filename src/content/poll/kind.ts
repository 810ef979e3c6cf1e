import type { ContentKind } from "../entry/kind.js";
import { pollFeedBody } from "./feed.js";
import { pollSchema, pollToWrite } from "./input.js";
import { pollDetail, pollLoaders, pollRecords } from "./loaders.js";
import { pollsNaming } from "./reads.js";
import { pollSnapshot } from "./snapshot.js";
import { createPolls, replacePoll } from "./writes.js";

/** What the shared machinery needs to know about polls (see ../entry/kind.ts). */
export const pollKind: ContentKind<typeof pollSchema> = {
  type: "poll",
  schema: pollSchema,
  snapshot: pollSnapshot,
  create: async (db, input, base, path) =>
    (await createPolls(db, [pollToWrite(input, base, path)]))[0] as number,
  replace: (db, id, input, base, path, at) =>
    replacePoll(db, id, pollToWrite(input, base, path), at),
  records: pollRecords,
  detail: pollDetail,
  feedBody: async (r, id) => {
    const poll = await r.use(pollRecords).load(id);
    return poll && pollFeedBody(r, poll);
  },
  card: async (r, id) => {
    const poll = await r.use(pollRecords).load(id);
    if (!poll) return null;
    // The first option's picture stands for the poll (options are in their stated order).
    const pictured = (await r.use(pollLoaders).options.load(id)).find((o) => o.imageUrl);
    const image = pictured?.imageUrl ? { url: pictured.imageUrl, alt: pictured.label } : null;
    return { summary: poll.question, bodyMd: poll.descriptionMd, image };
  },
  mentions: pollsNaming,
};
