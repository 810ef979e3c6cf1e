/**
 * Items of a source (a WordPress post, a feed entry) → archive entries, through each content
 * type's own validation and writes (the same rules as the editorial write path). The whole
 * import is one transaction; each item is written in a savepoint, so an item the database
 * refuses is skipped with its reason and the rest goes on. What changed is announced on the
 * bus once, after the commit (see announce()).
 */
import { createHash } from "node:crypto";
import type { EventBus } from "../bus/bus.js";
import { type ContentEvent, contentEvent } from "../bus/events.js";
import { recordChanges, touchEntries } from "../content/changes/writes.js";
import type { Kinds } from "../content/entry/lifecycle.js";
import { lockEntry, revisionIdOf, setEntryStatus } from "../content/entry/lifecycle-store.js";
import { freeSlug } from "../content/entry/slugs.js";
import { existingSlugs } from "../content/entry/writes.js";
import { insertMissingPeople } from "../content/people/writes.js";
import { insertMissingTags } from "../content/tags/writes.js";
import type { Db } from "../db/client.js";
import { pgErrorOf } from "../db/errors.js";
import { slugFromTitle } from "../editorial/slugs.js";
import { asInputError, INPUT } from "../editorial/transactions.js";
import { InputError } from "../errors.js";
import { isLive } from "../read/visibility.js";
import { LIMITS, parseInput } from "../validation.js";
import { entryInput, oneLine, slugOf } from "./inputs.js";
import type { Named, SourceItem } from "./item.js";
import { type Mapping, typeFor } from "./mapping.js";
import { count, emptyReport, type ImportReport } from "./report.js";
import { importedEntry, recordImport } from "./store.js";

export interface ImportScope {
  db: Db;
  bus: EventBus;
  now: Date;
  kinds: Kinds;
}

/** Thrown to roll a dry run back after everything was tried. */
class DryRun extends Error {}

const checksumOf = (value: unknown) =>
  createHash("sha256").update(JSON.stringify(value)).digest("hex");

/** Writes the items of one source into the archive, inside the import's transaction. */
export class Importer {
  readonly report: ImportReport;
  readonly events: ContentEvent[] = [];
  /** Entries an earlier import made that this one changed. */
  readonly updatedIds = new Set<number>();
  private readonly knownTags = new Set<string>();
  private readonly knownPeople = new Set<string>();

  constructor(
    private readonly tx: Db,
    private readonly scope: ImportScope,
    private source: string,
    private readonly mapping: Mapping,
    dryRun: boolean,
  ) {
    this.report = emptyReport(source, dryRun);
  }

  /** Name the source (a feed's id, read from its first document) before any item is added. */
  identify(source: string): void {
    if (this.report.items > 0) throw new Error("the source is named before its first item");
    this.source = source;
    this.report.source = source;
    this.named = true;
  }

  /** Whether the source has been named yet (else it is the location given). */
  get identified(): boolean {
    return this.named;
  }
  private named = false;

  warn(id: string | null, message: string): void {
    this.report.warnings.push({ id, message });
  }

  notEntry(what: string, n = 1): void {
    this.report.notEntries[what] = (this.report.notEntries[what] ?? 0) + n;
  }

  private skip(item: SourceItem, reason: string): void {
    this.report.skipped.push({ id: item.sourceId, title: item.title, reason });
  }

  /** Import one item: create its entry, update the one an earlier import made, or skip it. */
  async add(item: SourceItem): Promise<void> {
    const { report, scope } = this;
    report.items++;
    const id = item.sourceId;
    for (const w of item.warnings) this.warn(id, w);
    const type = typeFor(this.mapping, item);
    const kind = scope.kinds[type];
    let title = oneLine(item.title, LIMITS.title);
    if (!title) {
      title = "Untitled";
      this.warn(id, 'no title: stored as "Untitled"');
    }
    let status = item.status;
    if ((status === "published" || status === "scheduled") && !item.publishedAt)
      return this.skip(item, `${status} but without a date`);
    if (status === "scheduled" && item.publishedAt && item.publishedAt <= scope.now) {
      status = "published";
      this.warn(id, "scheduled for a time already past: imported as published");
    } else if (status === "published" && item.publishedAt && item.publishedAt > scope.now) {
      status = "scheduled";
      this.warn(id, "published with a future date: imported as scheduled");
    }
    const input = entryInput(type, item, title, this.mapping, (m) => this.warn(id, m));
    if (typeof input === "string") return this.skip(item, input);
    const tags = dedupe(
      item.tags.map((t) => ({ slug: slugOf(t.slug), name: t.name.trim() || t.slug })),
    );
    const authors = dedupe(
      item.authors.map((a) => ({ slug: slugOf(a.slug), name: a.name.trim() || a.slug })),
    );
    if (tags.length > LIMITS.tags)
      this.warn(id, `${tags.length} tags: the first ${LIMITS.tags} kept`);
    if (authors.length > LIMITS.authors)
      this.warn(id, `${authors.length} authors: the first ${LIMITS.authors} kept`);
    input.tags = tags.slice(0, LIMITS.tags).map((t) => t.slug);
    input.authors = authors.slice(0, LIMITS.authors).map((a) => a.slug);
    const publishedAt = status === "draft" ? null : item.publishedAt;
    const checksum = checksumOf({
      type,
      input,
      status,
      publishedAt,
      tags,
      authors,
      wanted: item.slug,
    });

    const earlier = await importedEntry(this.tx, this.source, id);
    if (earlier?.checksum === checksum) {
      report.unchanged++;
      return;
    }
    if (earlier && earlier.type !== type)
      return this.skip(
        item,
        `imported before as ${earlier.type} ${earlier.slug}, now mapped to ${type}: delete that entry to import it again`,
      );
    if (earlier && earlier.updatedAt.getTime() !== earlier.writtenAt.getTime())
      return this.skip(
        item,
        `${earlier.type} ${earlier.slug} was changed in the archive since it was imported: left as it is`,
      );

    let parsed: Record<string, unknown>;
    try {
      parsed = parseInput(kind.schema, input, INPUT) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof InputError) return this.skip(item, `invalid: ${error.message}`);
      throw error;
    }
    const stem = item.slug ? slugOf(item.slug) : slugFromTitle(title);
    // Remembered only once the item's savepoint is released (a rollback takes them back).
    let settled = () => {};
    try {
      await this.tx.transaction(async (sp) => {
        // Tags and people this import already made or met need no statement again.
        const newTags = tags.slice(0, LIMITS.tags).filter((t) => !this.knownTags.has(t.slug));
        const newPeople = authors
          .slice(0, LIMITS.authors)
          .filter((a) => !this.knownPeople.has(a.slug));
        await insertMissingTags(sp, newTags);
        await insertMissingPeople(sp, newPeople);
        settled = () => {
          for (const t of newTags) this.knownTags.add(t.slug);
          for (const a of newPeople) this.knownPeople.add(a.slug);
        };
        const now = scope.now;
        if (earlier) {
          if (await revisionIdOf(sp, earlier.contentId))
            throw new Skip(`${type} ${earlier.slug} has a pending edit: left as it is`);
          const before = await lockEntry(sp, earlier.contentId);
          if (!before) throw new Skip("its entry disappeared during the import");
          const keep = earlier.slug === stem || new RegExp(`^${stem}-\\d+$`).test(earlier.slug);
          const slug = keep ? earlier.slug : await freeSlug(sp, type, stem);
          if (slug !== stem && !keep) report.renamedSlugs.push({ id, wanted: stem, slug });
          const entryBase = {
            slug,
            tags: parsed.tags as string[],
            authors: parsed.authors as string[],
          };
          await kind.replace(sp, earlier.contentId, parsed, entryBase, INPUT, now, false);
          const publication = { status, publishedAt, updatedAt: now };
          await setEntryStatus(sp, earlier.contentId, {
            ...publication,
            publishedAtPrecision: "exact",
          });
          await kind.publicationChanged?.(sp, earlier.contentId, publication);
          const after = { id: earlier.contentId, type, slug, publishedAt };
          const wasLive = isLive(before, now);
          const nowLive = isLive({ status, publishedAt }, now);
          const events: ContentEvent[] = [];
          const tagsNow = parsed.tags as string[];
          if (nowLive)
            events.push(contentEvent(wasLive ? "updated" : "published", after, tagsNow, now));
          else if (wasLive) events.push(contentEvent("unpublished", before, tagsNow, now));
          if (status === "scheduled") events.push(contentEvent("scheduled", after, tagsNow, now));
          await recordChanges(sp, events);
          await touchEntries(sp, [earlier.contentId]);
          await recordImport(sp, {
            contentId: earlier.contentId,
            source: this.source,
            sourceId: id,
            checksum,
            writtenAt: now,
          });
          this.events.push(...events);
          this.updatedIds.add(earlier.contentId);
          count(report.updated, type, status);
          return;
        }
        // One indexed lookup when the slug is free (nearly always); the LIKE scan of
        // freeSlug only on a collision (it cannot use the index under most collations).
        const taken = (await existingSlugs(sp, type, [stem])).size > 0;
        const slug = taken ? await freeSlug(sp, type, stem) : stem;
        if (slug !== stem) report.renamedSlugs.push({ id, wanted: stem, slug });
        // The source's own times, never later than the import (a scheduled post's are).
        const createdAt = earliest(publishedAt ?? item.modifiedAt ?? now, now);
        const updatedAt = earliest(latest(item.modifiedAt ?? createdAt, createdAt), now);
        const entryBase = {
          slug,
          tags: parsed.tags as string[],
          authors: parsed.authors as string[],
          ...{ status, publishedAt, createdAt, updatedAt },
        };
        const contentId = await kind.create(sp, parsed, entryBase, INPUT, false);
        await kind.publicationChanged?.(sp, contentId, { status, publishedAt, updatedAt });
        const row = { id: contentId, type, slug, publishedAt };
        const events: ContentEvent[] = [];
        if (isLive({ status, publishedAt }, now))
          events.push(contentEvent("published", row, entryBase.tags, now));
        if (status === "scheduled")
          events.push(contentEvent("scheduled", row, entryBase.tags, now));
        // A new entry has no tombstone to take back: marking it changed is all recordChanges
        // would do (drafts included, as editors' drafts are).
        await touchEntries(sp, [contentId]);
        await recordImport(sp, {
          contentId,
          source: this.source,
          sourceId: id,
          checksum,
          writtenAt: updatedAt,
        });
        this.events.push(...events);
        count(report.created, type, status);
      });
      settled();
    } catch (error) {
      if (error instanceof Skip) return this.skip(item, error.message);
      // A refusal of the database (a duplicate issue number…) skips this item only: its
      // savepoint was rolled back, the import goes on.
      const reason = error instanceof InputError ? error.message : describeDbError(error);
      if (reason) return this.skip(item, `refused: ${reason}`);
      throw error;
    }
  }
}

/** Skip the current item with a reason (rolls its savepoint back). */
class Skip extends Error {}

/** Why the database refused an item (a constraint or a value), or null for any other error. */
function describeDbError(error: unknown): string | null {
  const known = asInputError(error);
  if (known instanceof InputError) return known.message;
  const pg = pgErrorOf(error);
  return pg && /^(22|23)/.test(pg.code) ? pg.message : null;
}

const earliest = (a: Date, b: Date) => new Date(Math.min(a.getTime(), b.getTime()));
const latest = (a: Date, b: Date) => new Date(Math.max(a.getTime(), b.getTime()));

function dedupe(list: Named[]): Named[] {
  const seen = new Set<string>();
  return list.filter((n) => !seen.has(n.slug) && seen.add(n.slug));
}

export interface RunOptions {
  source: string;
  mapping: Mapping;
  dryRun?: boolean;
}

/**
 * Run an import in one transaction: `read` gets the importer and feeds it items (parsing as it
 * goes); any error in it (malformed XML, a refused document) rolls everything back. A dry
 * run is rolled back at the end, its report kept. Announced after the commit: see announce().
 */
export async function runImport(
  scope: ImportScope,
  options: RunOptions,
  read: (importer: Importer) => Promise<void>,
): Promise<ImportReport> {
  const dryRun = options.dryRun ?? false;
  let importer: Importer | null = null;
  try {
    await scope.db.transaction(async (tx) => {
      importer = new Importer(tx, scope, options.source, options.mapping, dryRun);
      await read(importer);
      if (dryRun) throw new DryRun();
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  const done = importer as Importer | null;
  if (!done) throw new Error("import did not start");
  const { created, updated } = done.report;
  const changed = Object.keys(created).length + Object.keys(updated).length > 0;
  if (!dryRun && changed) announce(scope.bus, done.events, done.updatedIds, scope.now);
  return done.report;
}

/**
 * One announcement per import, not one per entry: "shared-data-changed" (people and tags may
 * be new) and, as the internal "scheduled" kind, one event per content type the import
 * touched (drops that type's cached lists and feed documents, re-arms the scheduler) and one
 * per entry it updated (drops cached answers that read it). "scheduled" is never sent to
 * partners: webhooks, WebSub and the contentPublished subscription stay silent, instead of
 * announcing 10,000 back issues as news. Sites that sync through `changes` see every entry:
 * each is recorded there in the import's transaction.
 */
function announce(
  bus: EventBus,
  events: readonly ContentEvent[],
  updated: ReadonlySet<number>,
  now: Date,
): void {
  bus.publish({ kind: "shared-data-changed", at: now });
  const types = new Set<string>();
  const entries = new Set<number>();
  for (const e of events) {
    const firstOfType = !types.has(e.type);
    const changedEntry = updated.has(e.id) && !entries.has(e.id);
    if (!firstOfType && !changedEntry) continue;
    types.add(e.type);
    entries.add(e.id);
    bus.publish({ ...e, kind: "scheduled", at: now });
  }
}
