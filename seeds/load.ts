import type { Db } from "../src/db/client.js";
import { createAnnouncements } from "../src/db/repos/announcements/mutations.js";
import { type ContentType, existingSlugs } from "../src/db/repos/content.js";
import { createEvents } from "../src/db/repos/events/mutations.js";
import { createIssues } from "../src/db/repos/issues/mutations.js";
import { insertMissingPeople } from "../src/db/repos/people.js";
import { createPolls } from "../src/db/repos/polls/mutations.js";
import { insertMissingTags } from "../src/db/repos/tags.js";
import * as reference from "./reference.js";

export interface SeedReport {
  /** Entries inserted per type; all zero when the archive was already there. */
  inserted: Record<ContentType, number>;
}

async function missing<T extends { slug: string }>(
  db: Db,
  type: ContentType,
  items: readonly T[],
): Promise<T[]> {
  const have = await existingSlugs(
    db,
    type,
    items.map((i) => i.slug),
  );
  return items.filter((i) => !have.has(i.slug));
}

/**
 * Load the April 2010 reference archive. Idempotent: entries already present (by slug) are
 * left untouched, so a second run inserts nothing. All or nothing, in one transaction.
 */
export async function seedReference(db: Db): Promise<SeedReport> {
  return db.transaction(async (tx) => {
    await insertMissingPeople(tx, reference.people);
    await insertMissingTags(tx, reference.tags);
    // Events before polls: a poll names the event where its results are announced.
    const events = await missing(tx, "event", reference.events);
    await createEvents(tx, events);
    const issues = await missing(tx, "issue", reference.issues);
    await createIssues(tx, issues);
    const announcements = await missing(tx, "announcement", reference.announcements);
    await createAnnouncements(tx, announcements);
    const polls = await missing(tx, "poll", reference.polls);
    await createPolls(tx, polls);
    return {
      inserted: {
        issue: issues.length,
        announcement: announcements.length,
        event: events.length,
        poll: polls.length,
      },
    };
  });
}
