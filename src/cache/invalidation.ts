import { type AppEvent, isContentEvent } from "../events.js";

/**
 * The dependencies a write touches (see dependencies.ts). A vote drops only answers that read
 * that poll; an edit drops answers that read the entry and lists of its type (its title,
 * tags or position may have changed what they show); a publication, unpublication or
 * deletion likewise; shared data (people, tags, stats) drops answers that showed any.
 * Scheduling drops the same (what readers see may change at the due time, and answers
 * stored from now on are capped by it: see nextDue in app.ts).
 */
export function dependenciesTouchedBy(event: AppEvent): string[] {
  if (event.kind === "voted") return [`entity:${event.pollId}`];
  if (event.kind === "shared-data-changed") return ["shared"];
  if (isContentEvent(event)) return [`entity:${event.id}`, `list:${event.type}`];
  return [];
}
