import type { ContentKind } from "../entry/kind.js";
import { announcementFeedBody } from "./feed.js";
import { announcementSchema, announcementToWrite } from "./input.js";
import { announcementDetail, announcementRecords } from "./loaders.js";
import { announcementsNaming } from "./reads.js";
import { announcementSnapshot } from "./snapshot.js";
import { createAnnouncements, replaceAnnouncement } from "./writes.js";

/** What the shared machinery needs to know about announcements (see ../entry/kind.ts). */
export const announcementKind: ContentKind<typeof announcementSchema> = {
  type: "announcement",
  schema: announcementSchema,
  snapshot: announcementSnapshot,
  create: async (db, input, base) =>
    (await createAnnouncements(db, [announcementToWrite(input, base)]))[0] as number,
  replace: (db, id, input, base, _path, at) =>
    replaceAnnouncement(db, id, announcementToWrite(input, base), at),
  records: announcementRecords,
  detail: announcementDetail,
  feedBody: async (r, id) => {
    const announcement = await r.use(announcementRecords).load(id);
    return announcement && announcementFeedBody(r, announcement);
  },
  card: async (r, id) => {
    const a = await r.use(announcementRecords).load(id);
    return a && { summary: a.summary, bodyMd: a.bodyMd, image: null };
  },
  mentions: announcementsNaming,
};
