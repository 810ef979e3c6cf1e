import { type AppEvent, isContentEvent } from "../bus/events.js";
import { entityTag, SHARED_TAG } from "../read/cache-tags.js";
import { listTag } from "../registry.js";

/**
 * The cached answers a write touches (see src/read/cache-tags.ts). A vote drops only answers
 * that read that poll; an edit drops answers that read the entry and lists of its type (its
 * title, tags or position may have changed what they show); a publication, unpublication or
 * deletion likewise; shared data (people, tags, stats) drops answers that showed any.
 * Scheduling drops the same (what readers see may change at the due time, and answers stored
 * from now on are capped by it: see install.ts).
 */
export function tagsTouchedBy(event: AppEvent): string[] {
  if (event.kind === "voted") return [entityTag(event.pollId)];
  if (event.kind === "shared-data-changed") return [SHARED_TAG];
  if (isContentEvent(event)) return [entityTag(event.id), listTag(event.type)];
  return [];
}
