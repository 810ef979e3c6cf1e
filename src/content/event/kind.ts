import type { ContentKind } from "../entry/kind.js";
import { eventFeedBody } from "./feed.js";
import { eventSchema, eventToWrite } from "./input.js";
import { eventDetail, eventRecords } from "./loaders.js";
import { eventsNaming } from "./reads.js";
import { eventSnapshot } from "./snapshot.js";
import { createEvents, replaceEvent } from "./writes.js";

/** What the shared machinery needs to know about events (see ../entry/kind.ts). */
export const eventKind: ContentKind<typeof eventSchema> = {
  type: "event",
  schema: eventSchema,
  snapshot: eventSnapshot,
  create: async (db, input, base) =>
    (await createEvents(db, [eventToWrite(input, base)]))[0] as number,
  replace: (db, id, input, base, _path, at) => replaceEvent(db, id, eventToWrite(input, base), at),
  records: eventRecords,
  detail: eventDetail,
  feedBody: async (r, id) => {
    const event = await r.use(eventRecords).load(id);
    return event && eventFeedBody(r, event);
  },
  card: async (r, id) => {
    const event = await r.use(eventRecords).load(id);
    return event && { summary: null, bodyMd: event.descriptionMd, image: null };
  },
  mentions: eventsNaming,
};
