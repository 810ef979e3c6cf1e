/**
 * Editorial operations on archive entries. Each runs in one transaction (a failure leaves
 * nothing half-written) and announces what readers can now see on the event bus only after
 * it commits. Partial updates are "stored state + patch, validated as a whole".
 */
import type { z } from "zod";
import type { Db } from "../db/client.js";
import { createAnnouncements, replaceAnnouncement } from "../db/repos/announcements/mutations.js";
import {
  type ContentType,
  deleteContentRow,
  type LockedContent,
  lockContent,
  markRevision,
  revisionIdOf,
  setContentStatus,
  tagsByContentIds,
} from "../db/repos/content.js";
import { createEvents, replaceEvent } from "../db/repos/events/mutations.js";
import { createIssues, replaceIssue } from "../db/repos/issues/mutations.js";
import { createPolls, replacePoll } from "../db/repos/polls/mutations.js";
import type { ContentEvent, EventBus } from "../events.js";
import { ConflictError, InputError, NotFoundError, parseInput } from "../validation.js";
import { asInputError } from "./db-errors.js";
import { announcementSchema, eventSchema, issueSchema, pollSchema } from "./schemas/content.js";
import { freeSlug, slugFromTitle } from "./slugs.js";
import { announcementSnapshot, eventSnapshot, issueSnapshot, pollSnapshot } from "./snapshots.js";
import { announcementToRepo, eventToRepo, issueToRepo, pollToRepo } from "./to-repo.js";

export interface EditorialDeps {
  db: Db;
  bus: EventBus;
  /** The request's clock reading. */
  now: Date;
}

type Base = { slug: string; tags: string[] };

/** Everything the generic operations need to know about one content type. */
interface Kind<S extends z.ZodType> {
  schema: S;
  snapshot(db: Db, id: number): Promise<z.input<S> | null>;
  /** `revision`: the row is a pending edit's copy (issues then skip (volume, number) uniqueness). */
  create(
    db: Db,
    input: z.output<S>,
    base: Base,
    path: string[],
    revision: boolean,
  ): Promise<number>;
  replace(
    db: Db,
    id: number,
    input: z.output<S>,
    base: Base,
    path: string[],
    at: Date,
    revision: boolean,
  ): Promise<void>;
}

function kind<S extends z.ZodType>(k: Kind<S>): Kind<S> {
  return k;
}

const KINDS = {
  issue: kind({
    schema: issueSchema,
    snapshot: issueSnapshot,
    create: async (db, i, base, path, revision) =>
      (await createIssues(db, [{ ...issueToRepo(i, base, path), revision }]))[0] as number,
    replace: (db, id, i, base, path, at, revision) =>
      replaceIssue(db, id, { ...issueToRepo(i, base, path), revision }, at),
  }),
  announcement: kind({
    schema: announcementSchema,
    snapshot: announcementSnapshot,
    create: async (db, a, base) =>
      (await createAnnouncements(db, [announcementToRepo(a, base)]))[0] as number,
    replace: (db, id, a, base, _path, at) =>
      replaceAnnouncement(db, id, announcementToRepo(a, base), at),
  }),
  event: kind({
    schema: eventSchema,
    snapshot: eventSnapshot,
    create: async (db, e, base) => (await createEvents(db, [eventToRepo(e, base)]))[0] as number,
    replace: (db, id, e, base, _path, at) => replaceEvent(db, id, eventToRepo(e, base), at),
  }),
  poll: kind({
    schema: pollSchema,
    snapshot: pollSnapshot,
    create: async (db, p, base, path) =>
      (await createPolls(db, [pollToRepo(p, base, path)]))[0] as number,
    replace: (db, id, p, base, path, at) => replacePoll(db, id, pollToRepo(p, base, path), at),
  }),
};

const INPUT = ["input"];

/** Live: readers can see it now. */
export function isLive(row: Pick<LockedContent, "status" | "publishedAt">, now: Date): boolean {
  return row.status !== "draft" && row.publishedAt !== null && row.publishedAt <= now;
}

/** Same instant to the millisecond (what clients see of updatedAt). */
const sameVersion = (a: Date, b: Date) => Math.floor(a.getTime()) === Math.floor(b.getTime());

async function runInTransaction<T>(
  deps: EditorialDeps,
  work: (tx: Db, events: ContentEvent[]) => Promise<T>,
): Promise<T> {
  const events: ContentEvent[] = [];
  let result: T;
  try {
    result = await deps.db.transaction((tx) => work(tx, events));
  } catch (error) {
    throw asInputError(error, INPUT);
  }
  for (const event of events) deps.bus.publish(event);
  return result;
}

async function tagsOf(db: Db, id: number): Promise<string[]> {
  return (await tagsByContentIds(db, [id])).map((t) => t.slug);
}

function event(
  kind: ContentEvent["kind"],
  row: LockedContent,
  tags: string[],
  at: Date,
): ContentEvent {
  return {
    kind,
    type: row.type,
    id: row.id,
    slug: row.slug,
    tags,
    publishedAt: row.publishedAt,
    at,
  };
}

/** Lock an entry of the expected type (any type when omitted), checking the caller's version. */
async function lockFor(
  tx: Db,
  id: number,
  globalId: string,
  type?: ContentType,
  expected?: Date | null,
): Promise<LockedContent> {
  const row = await lockContent(tx, id);
  if (!row || (type && row.type !== type)) throw new NotFoundError(globalId);
  if (expected && !sameVersion(row.updatedAt, expected)) {
    throw new ConflictError(
      `This entry was changed at ${row.updatedAt.toISOString()}, after the version you edited (${expected.toISOString()}). Reload it and apply your change again.`,
      row.updatedAt,
    );
  }
  return row;
}

/** Create a draft. The slug comes from the title when absent, made unique for the type. */
export async function createEntry(
  deps: EditorialDeps,
  type: ContentType,
  input: unknown,
): Promise<number> {
  const k = KINDS[type] as Kind<z.ZodType>;
  const parsed = parseInput(k.schema, input, INPUT) as {
    slug?: string | null;
    title: string;
    tags?: string[] | null;
  };
  return runInTransaction(deps, async (tx) => {
    const slug = parsed.slug ?? (await freeSlug(tx, type, slugFromTitle(parsed.title)));
    return k.create(tx, parsed, { slug, tags: parsed.tags ?? [] }, INPUT, false);
  });
}

export interface UpdateOptions {
  expectedUpdatedAt?: Date | null;
  /** For a live entry: keep the edit pending (a revision) until it is published. */
  asRevision?: boolean;
}

/**
 * Apply a partial update. Fields present in the patch replace the stored ones (lists are
 * replaced whole); the result is validated like a create. Returns the id that was written:
 * the entry, or its revision.
 */
export async function updateEntry(
  deps: EditorialDeps,
  type: ContentType,
  id: number,
  globalId: string,
  patch: Record<string, unknown>,
  options: UpdateOptions,
): Promise<number> {
  const k = KINDS[type] as Kind<z.ZodType>;
  return runInTransaction(deps, async (tx, events) => {
    const row = await lockFor(tx, id, globalId, type, options.expectedUpdatedAt);
    let target = row;
    if (options.asRevision && row.revisionOf === null && isLive(row, deps.now)) {
      const existing = await revisionIdOf(tx, row.id);
      if (existing !== null) {
        target = (await lockContent(tx, existing)) as LockedContent;
      } else {
        // Start the revision as a draft copy of the live entry.
        const stored = (await k.snapshot(tx, row.id)) as Record<string, unknown>;
        const copy = parseInput(k.schema, stored, INPUT) as {
          title: string;
          tags?: string[] | null;
        };
        const revisionSlug = await freeSlug(tx, type, `${row.slug}-revision`);
        const revisionId = await k.create(
          tx,
          copy,
          { slug: revisionSlug, tags: copy.tags ?? [] },
          INPUT,
          true,
        );
        await markRevision(tx, revisionId, row.id);
        target = (await lockContent(tx, revisionId)) as LockedContent;
      }
    }
    const stored = (await k.snapshot(tx, target.id)) as Record<string, unknown>;
    const merged = { ...stored, ...definedKeys(patch) };
    // A revision keeps its own slug; the live entry's slug is applied when it is published.
    if (target.revisionOf !== null) merged.slug = target.slug;
    const parsed = parseInput(k.schema, merged, INPUT) as {
      slug?: string | null;
      tags?: string[] | null;
    };
    const tagsBefore = await tagsOf(tx, target.id);
    await k.replace(
      tx,
      target.id,
      parsed,
      { slug: parsed.slug ?? target.slug, tags: parsed.tags ?? [] },
      INPUT,
      deps.now,
      target.revisionOf !== null,
    );
    if (isLive(target, deps.now)) {
      const after = await lockContent(tx, target.id);
      events.push(
        event("updated", after ?? target, union(tagsBefore, parsed.tags ?? []), deps.now),
      );
    } else if (target.status === "scheduled") {
      events.push(event("scheduled", target, union(tagsBefore, parsed.tags ?? []), deps.now));
    }
    return target.id;
  });
}

/** Keys the client sent (GraphQL gives absent fields as undefined; null means "clear"). */
function definedKeys(patch: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

/**
 * Publish now. A revision is applied onto its live entry (same id, same slug, updatedAt
 * moves) and disappears; anything else becomes published at `now` (already-live entries stay).
 */
export async function publishEntry(
  deps: EditorialDeps,
  id: number,
  globalId: string,
  expected?: Date | null,
): Promise<number> {
  return runInTransaction(deps, async (tx, events) => {
    const row = await lockFor(tx, id, globalId, undefined, expected);
    if (row.revisionOf !== null) {
      const original = (await lockContent(tx, row.revisionOf)) as LockedContent;
      const k = KINDS[row.type] as Kind<z.ZodType>;
      const parsed = parseInput(k.schema, await k.snapshot(tx, row.id), INPUT) as {
        tags?: string[] | null;
      };
      const tagsBefore = await tagsOf(tx, original.id);
      await deleteContentRow(tx, row.id);
      await k.replace(
        tx,
        original.id,
        parsed,
        { slug: original.slug, tags: parsed.tags ?? [] },
        INPUT,
        deps.now,
        false,
      );
      if (isLive(original, deps.now))
        events.push(event("updated", original, union(tagsBefore, parsed.tags ?? []), deps.now));
      return original.id;
    }
    if (isLive(row, deps.now) && row.status === "published") return row.id;
    await setContentStatus(tx, row.id, {
      status: "published",
      publishedAt: deps.now,
      updatedAt: deps.now,
    });
    events.push(
      event("published", { ...row, publishedAt: deps.now }, await tagsOf(tx, row.id), deps.now),
    );
    return row.id;
  });
}

/** Schedule for a future instant: invisible to readers until then, to the second. */
export async function scheduleEntry(
  deps: EditorialDeps,
  id: number,
  globalId: string,
  at: Date,
  expected?: Date | null,
): Promise<number> {
  if (at <= deps.now) throw InputError.of(["at"], "must be in the future", "NOT_IN_FUTURE");
  return runInTransaction(deps, async (tx, events) => {
    const row = await lockFor(tx, id, globalId, undefined, expected);
    if (row.revisionOf !== null)
      throw InputError.of(["id"], "a pending edit is published, not scheduled", "IS_REVISION");
    const tags = await tagsOf(tx, row.id);
    await setContentStatus(tx, row.id, {
      status: "scheduled",
      publishedAt: at,
      updatedAt: deps.now,
    });
    if (isLive(row, deps.now)) events.push(event("unpublished", row, tags, deps.now));
    events.push(event("scheduled", { ...row, publishedAt: at }, tags, deps.now));
    return row.id;
  });
}

/** Back to draft: gone from every public surface. */
export async function unpublishEntry(
  deps: EditorialDeps,
  id: number,
  globalId: string,
  expected?: Date | null,
): Promise<number> {
  return runInTransaction(deps, async (tx, events) => {
    const row = await lockFor(tx, id, globalId, undefined, expected);
    if (row.status === "draft") return row.id;
    const tags = await tagsOf(tx, row.id);
    await setContentStatus(tx, row.id, {
      status: "draft",
      publishedAt: row.publishedAt,
      updatedAt: deps.now,
    });
    events.push(event(isLive(row, deps.now) ? "unpublished" : "scheduled", row, tags, deps.now));
    return row.id;
  });
}

/** Delete an entry with everything it owns (a revision: just the pending edit). */
export async function deleteEntry(
  deps: EditorialDeps,
  id: number,
  globalId: string,
): Promise<void> {
  await runInTransaction(deps, async (tx, events) => {
    const row = await lockFor(tx, id, globalId);
    const tags = await tagsOf(tx, row.id);
    await deleteContentRow(tx, row.id);
    if (row.revisionOf === null && isLive(row, deps.now))
      events.push(event("deleted", row, tags, deps.now));
    else if (row.status === "scheduled") events.push(event("scheduled", row, tags, deps.now));
  });
}
