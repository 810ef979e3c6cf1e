import DataLoader from "dataloader";
import type { Dependencies } from "../cache/dependencies.js";
import type { Db } from "../db/client.js";
import { type AnnouncementRecord, announcementsByIds } from "../db/repos/announcements/queries.js";
import { contentTypesByIds, tagsByContentIds } from "../db/repos/content.js";
import { type EventRecord, eventsByIds } from "../db/repos/events/queries.js";
import { type IssueRecord, issuesByIds } from "../db/repos/issues/queries.js";
import { type PollRecord, pollsByIds } from "../db/repos/polls/queries.js";
import type { Visibility } from "../db/repos/visibility.js";
import { alignMany, alignOne } from "./align.js";

export type IssueNode = IssueRecord & { __typename: "Issue" };
export type AnnouncementNode = AnnouncementRecord & { __typename: "Announcement" };
export type EventNode = EventRecord & { __typename: "Event" };
export type PollNode = PollRecord & { __typename: "Poll" };
/** Any archive entry, discriminated by __typename (and by `type`). */
export type ContentNode = IssueNode | AnnouncementNode | EventNode | PollNode;

/**
 * A loader of entries by id. Every id asked for is a dependency of the answer, found or
 * not (a draft published later must drop a cached "null"); `changes` names the moments a
 * loaded record's public state changes by itself (a poll opens or closes, an event ends).
 */
function records<R extends { id: number }, N extends string>(
  typename: N,
  load: (ids: readonly number[]) => Promise<R[]>,
  deps: Dependencies,
  changes: (record: R) => (Date | null)[] = () => [],
  now?: Date,
) {
  return new DataLoader<number, (R & { __typename: N }) | null>(async (ids) => {
    for (const id of ids) deps.entity(id);
    const rows = await load(ids);
    if (now) for (const r of rows) for (const at of changes(r)) deps.until(at, now);
    return alignOne(
      ids,
      rows.map((r) => ({ ...r, __typename: typename })),
      (r) => r.id,
    );
  });
}

export function contentLoaders(db: Db, visibility: Visibility, deps: Dependencies, now: Date) {
  const issue = records("Issue", (ids) => issuesByIds(db, ids, visibility), deps);
  const announcement = records(
    "Announcement",
    (ids) => announcementsByIds(db, ids, visibility),
    deps,
  );
  const event = records(
    "Event",
    (ids) => eventsByIds(db, ids, visibility),
    deps,
    (e) => [e.endsAt],
    now,
  );
  const poll = records(
    "Poll",
    (ids) => pollsByIds(db, ids, visibility),
    deps,
    (p) => [p.opensAt, p.closesAt],
    now,
  );
  const byType = { issue, announcement, event, poll } as const;

  /** Any content by id when the type is not known up front (related items, search hits). */
  const content = new DataLoader<number, ContentNode | null>(async (ids) => {
    for (const id of ids) deps.entity(id);
    const types = await contentTypesByIds(db, ids, visibility);
    const loaded = await Promise.all(types.map((t) => byType[t.type].load(t.id)));
    return alignOne(
      ids,
      loaded.filter((r): r is ContentNode => r !== null),
      (r) => r.id,
    );
  });

  const tags = new DataLoader<number, { slug: string; name: string }[]>(async (ids) => {
    deps.shared();
    return alignMany(ids, await tagsByContentIds(db, ids), (r) => r.contentId);
  });

  return { issue, announcement, event, poll, byType, content, tags };
}
