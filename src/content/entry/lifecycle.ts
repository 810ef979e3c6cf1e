/**
 * The editorial lifecycle of an entry of any type: create a draft, edit it (or keep an edit of
 * a live entry pending as a revision), publish, schedule, unpublish, delete. Each operation is
 * one transaction, and announces what readers can now see only after it commits. Partial
 * updates are "stored state + patch, validated as a whole".
 */
import { type ContentEvent, contentEvent } from "../../bus/events.js";
import type { Db } from "../../db/client.js";
import { slugFromTitle } from "../../editorial/slugs.js";
import { definedKeys, INPUT, type WriteScope, writeEntries } from "../../editorial/transactions.js";
import { ConflictError, InputError, NotFoundError, OptionsLockedError } from "../../errors.js";
import { isLive } from "../../read/visibility.js";
import type { ContentEventKind, ContentType } from "../../registry.js";
import { longTexts, prepareMarkdown } from "../../text/offload.js";
import { parseInput } from "../../validation.js";
import { recordChanges, touchEntries } from "../changes/writes.js";
import { tagSlugsOf } from "../tags/reads.js";
import type { ContentKind } from "./kind.js";
import {
  deleteEntryRow,
  type LockedEntry,
  lockEntry,
  markRevision,
  type Publication,
  revisionIdOf,
  setEntryStatus,
} from "./lifecycle-store.js";
import { checkPublishDate, type PublishDate, publicationDate } from "./publication-date.js";
import { freeSlug } from "./slugs.js";

export type Kinds = Readonly<Record<ContentType, ContentKind>>;

type Parsed = {
  slug?: string | null;
  title?: string;
  tags?: string[] | null;
  authors?: string[] | null;
};

/** What a write settles before the type's own fields: the slug, tags and byline. */
const baseOf = (parsed: Parsed, slug: string) => ({
  slug,
  tags: parsed.tags ?? [],
  authors: parsed.authors ?? [],
});

/** An editorial write whose events are also recorded for syncing readers (../changes). */
function recorded<T>(scope: WriteScope, work: (tx: Db, events: ContentEvent[]) => Promise<T>) {
  return writeEntries(scope, async (tx, events) => {
    const result = await work(tx, events);
    await recordChanges(tx, events);
    return result;
  });
}

/** Same instant to the millisecond (what clients see of updatedAt). */
const sameVersion = (a: Date, b: Date) => Math.floor(a.getTime()) === Math.floor(b.getTime());
const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

/** Lock an entry of the expected type (any type when omitted), checking the caller's version. */
async function lockFor(
  tx: Db,
  id: number,
  globalId: string,
  type?: ContentType,
  expected?: Date | null,
): Promise<LockedEntry> {
  const row = await lockEntry(tx, id);
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
  scope: WriteScope,
  kind: ContentKind,
  input: unknown,
): Promise<number> {
  // Long Markdown is checked and rendered off the event loop first (src/text/offload.ts).
  await prepareMarkdown(longTexts(input));
  const parsed = parseInput(kind.schema, input, INPUT) as Parsed & { title: string };
  const write = () =>
    writeEntries(scope, async (tx) => {
      const slug = parsed.slug ?? (await freeSlug(tx, kind.type, slugFromTitle(parsed.title)));
      const id = await kind.create(tx, parsed, baseOf(parsed, slug), INPUT, false);
      await touchEntries(tx, [id]);
      return id;
    });
  if (parsed.slug) return write();
  // A slug we derived can be taken by a concurrent create between finding it free and
  // inserting: derive it again rather than blame the editor for a slug they never sent.
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= SLUG_ATTEMPTS || !isSlugTaken(error)) throw error;
    }
  }
}

/** Concurrent creates of one title: each lost race costs one more attempt. */
const SLUG_ATTEMPTS = 10;

const isSlugTaken = (error: unknown) =>
  error instanceof InputError &&
  error.issues.some((i) => i.code === "DUPLICATE" && i.path.at(-1) === "slug");

export interface UpdateOptions {
  expectedUpdatedAt?: Date | null;
  /** For a live entry: keep the edit pending (a revision) until it is published. */
  asRevision?: boolean;
}

/** The pending edit of a live entry, started as a draft copy of it when there is none yet. */
async function revisionFor(
  tx: Db,
  kind: ContentKind,
  row: LockedEntry,
  now: Date,
): Promise<LockedEntry> {
  const existing = await revisionIdOf(tx, row.id);
  if (existing !== null) return (await lockEntry(tx, existing)) as LockedEntry;
  const copy = parseInput(kind.schema, await kind.snapshot(tx, row.id), INPUT) as Parsed;
  const slug = await freeSlug(tx, kind.type, row.slug, "-revision");
  const id = await kind.create(tx, copy, baseOf(copy, slug), INPUT, true);
  await markRevision(tx, id, row.id, now);
  return (await lockEntry(tx, id)) as LockedEntry;
}

/**
 * Apply a partial update. Fields present in the patch replace the stored ones (lists are
 * replaced whole); the result is validated like a create. Returns the id that was written:
 * the entry, or its revision.
 */
export async function updateEntry(
  scope: WriteScope,
  kind: ContentKind,
  id: number,
  globalId: string,
  patch: Record<string, unknown>,
  options: UpdateOptions,
): Promise<number> {
  await prepareMarkdown(longTexts(patch));
  return recorded(scope, async (tx, events) => {
    const row = await lockFor(tx, id, globalId, kind.type, options.expectedUpdatedAt);
    const pending = options.asRevision && row.revisionOf === null && isLive(row, scope.now);
    const target = pending ? await revisionFor(tx, kind, row, scope.now) : row;
    const stored = (await kind.snapshot(tx, target.id)) as Record<string, unknown>;
    const merged = { ...stored, ...definedKeys(patch) };
    // A revision keeps its own slug; the live entry's slug is applied when it is published.
    if (target.revisionOf !== null) merged.slug = target.slug;
    // Stored texts this process has not seen yet (after a restart): rarely any.
    await prepareMarkdown(longTexts(merged));
    const parsed = parseInput(kind.schema, merged, INPUT) as Parsed;
    const tags = union(await tagSlugsOf(tx, target.id), parsed.tags ?? []);
    const base = baseOf(parsed, parsed.slug ?? target.slug);
    const revision = target.revisionOf !== null;
    await kind.replace(tx, target.id, parsed, base, INPUT, scope.now, revision);
    if (isLive(target, scope.now)) {
      const after = (await lockEntry(tx, target.id)) ?? target;
      events.push(contentEvent("updated", after, tags, scope.now));
    } else if (target.status === "scheduled") {
      events.push(contentEvent("scheduled", target, tags, scope.now));
    }
    return target.id;
  });
}

/** Apply a revision onto its live entry (same id, same slug, updatedAt moves); it disappears. */
async function applyRevision(
  tx: Db,
  kinds: Kinds,
  row: LockedEntry,
  now: Date,
  events: ContentEvent[],
): Promise<number> {
  const original = (await lockEntry(tx, row.revisionOf as number)) as LockedEntry;
  // Applying the pending edit writes its whole copy over the live entry: a direct edit made
  // to the live entry after the pending edit began would be silently undone.
  if (original.updatedAt > row.createdAt) {
    throw new ConflictError(
      `The live entry was changed at ${original.updatedAt.toISOString()}, after this pending edit began (${row.createdAt.toISOString()}): publishing it would undo that change. Make the change in the pending edit too, or delete the pending edit and start again.`,
      original.updatedAt,
    );
  }
  const kind = kinds[row.type];
  const parsed = parseInput(kind.schema, await kind.snapshot(tx, row.id), INPUT) as Parsed;
  const tagsBefore = await tagSlugsOf(tx, original.id);
  await deleteEntryRow(tx, row.id);
  const base = baseOf(parsed, original.slug);
  try {
    await kind.replace(tx, original.id, parsed, base, INPUT, now, false);
  } catch (error) {
    // Votes cast on the live poll since the pending edit was made can lock its options.
    if (error instanceof OptionsLockedError)
      throw new ConflictError(error.message, original.updatedAt);
    throw error;
  }
  if (isLive(original, now))
    events.push(contentEvent("updated", original, union(tagsBefore, parsed.tags ?? []), now));
  return original.id;
}

/** Set an entry's publication, and its type's owned parts' (an issue's weekly stats). */
async function setPublication(tx: Db, kinds: Kinds, row: LockedEntry, values: Publication) {
  await setEntryStatus(tx, row.id, values);
  await kinds[row.type].publicationChanged?.(tx, row.id, values);
}

/**
 * Publish. A revision is applied onto its live entry. Anything else becomes published at the
 * requested past date, else at the date it kept from an earlier publication, else `now` (see
 * publication-date.ts). A live entry stays as it is, unless a date is requested: then it moves
 * to that date.
 */
export async function publishEntry(
  scope: WriteScope,
  kinds: Kinds,
  id: number,
  globalId: string,
  expected?: Date | null,
  request: PublishDate = {},
): Promise<number> {
  checkPublishDate(request, scope.now);
  return recorded(scope, async (tx, events) => {
    const row = await lockFor(tx, id, globalId, undefined, expected);
    if (row.revisionOf !== null) {
      if (request.publishedAt)
        throw InputError.of(
          ["publishedAt"],
          "a pending edit keeps its entry's date",
          "IS_REVISION",
        );
      return applyRevision(tx, kinds, row, scope.now, events);
    }
    // Published (a due schedule not yet flipped is announced as published, here or by the scheduler).
    const published = isLive(row, scope.now) && row.status === "published";
    if (published && !request.publishedAt) return row.id;
    const now = scope.now;
    const date = publicationDate(row, request, now);
    await setPublication(tx, kinds, row, { status: "published", ...date, updatedAt: now });
    const after = { ...row, publishedAt: date.publishedAt };
    const tags = await tagSlugsOf(tx, row.id);
    events.push(contentEvent(published ? "updated" : "published", after, tags, now));
    return row.id;
  });
}

/** Schedule for a future instant: invisible to readers until then, to the second. */
export async function scheduleEntry(
  scope: WriteScope,
  kinds: Kinds,
  id: number,
  globalId: string,
  at: Date,
  expected?: Date | null,
): Promise<number> {
  if (at <= scope.now) throw InputError.of(["at"], "must be in the future", "NOT_IN_FUTURE");
  return recorded(scope, async (tx, events) => {
    const row = await lockFor(tx, id, globalId, undefined, expected);
    if (row.revisionOf !== null)
      throw InputError.of(["id"], "a pending edit is published, not scheduled", "IS_REVISION");
    const tags = await tagSlugsOf(tx, row.id);
    await setPublication(tx, kinds, row, {
      status: "scheduled",
      publishedAt: at,
      publishedAtPrecision: "exact",
      updatedAt: scope.now,
    });
    if (isLive(row, scope.now)) events.push(contentEvent("unpublished", row, tags, scope.now));
    events.push(contentEvent("scheduled", { ...row, publishedAt: at }, tags, scope.now));
    return row.id;
  });
}

/** Back to draft: gone from every public surface. Keeps `publishedAt` and its precision. */
export async function unpublishEntry(
  scope: WriteScope,
  kinds: Kinds,
  id: number,
  globalId: string,
  expected?: Date | null,
): Promise<number> {
  return recorded(scope, async (tx, events) => {
    const row = await lockFor(tx, id, globalId, undefined, expected);
    if (row.status === "draft") return row.id;
    const tags = await tagSlugsOf(tx, row.id);
    const { publishedAt } = row;
    await setPublication(tx, kinds, row, { status: "draft", publishedAt, updatedAt: scope.now });
    const kind: ContentEventKind = isLive(row, scope.now) ? "unpublished" : "scheduled";
    events.push(contentEvent(kind, row, tags, scope.now));
    return row.id;
  });
}

/** Delete an entry with everything it owns (a revision: just the pending edit). */
export async function deleteEntry(
  scope: WriteScope,
  kinds: Kinds,
  id: number,
  globalId: string,
): Promise<void> {
  await recorded(scope, async (tx, events) => {
    const row = await lockFor(tx, id, globalId);
    const tags = await tagSlugsOf(tx, row.id);
    await kinds[row.type].removeOwned?.(tx, row.id);
    await deleteEntryRow(tx, row.id);
    if (row.revisionOf === null && isLive(row, scope.now))
      events.push(contentEvent("deleted", row, tags, scope.now));
    else if (row.status === "scheduled")
      events.push(contentEvent("scheduled", row, tags, scope.now));
  });
}
