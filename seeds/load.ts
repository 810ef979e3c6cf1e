import { createAnnouncements } from "../src/content/announcement/writes.js";
import { existingSlugs, isArchiveEmpty } from "../src/content/entry/writes.js";
import { createEvents } from "../src/content/event/writes.js";
import { createIssues } from "../src/content/issue/writes.js";
import { insertMissingPeople } from "../src/content/people/writes.js";
import { createPolls } from "../src/content/poll/writes.js";
import { insertMissingTags } from "../src/content/tags/writes.js";
import type { Db } from "../src/db/client.js";
import type { Logger } from "../src/logger.js";
import type { ContentType } from "../src/registry.js";
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

/**
 * The server's start: seed an empty archive and say what happened. Instances starting together
 * on one empty database all find it empty; the seed's transaction lets one insert and the
 * others find every entry there (inserting nothing), which is said as such.
 */
export async function seedIfEmpty(db: Db, log: Logger): Promise<void> {
  if (!(await isArchiveEmpty(db))) return;
  const { inserted } = await seedReference(db);
  if (Object.values(inserted).every((n) => n === 0)) {
    log.info("empty database, but another instance seeded it first: nothing inserted");
  } else {
    log.info({ inserted }, "empty database: seeded the April 2010 reference archive");
  }
}
