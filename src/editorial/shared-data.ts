/**
 * People, tags and standalone weekly stats: shared by many entries, so a change announces
 * "shared-data-changed" (every rendered feed may name them) rather than one entry's event.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { PG, pgErrorOf } from "../db/errors.js";
import {
  createWeeklyStats,
  deleteWeeklyStats,
  lockStats,
  replaceWeeklyStats,
  setStatsStatus,
} from "../db/repos/stats/mutations.js";
import { tags } from "../db/tables/content.js";
import { people } from "../db/tables/people.js";
import { InputError, NotFoundError, parseInput } from "../validation.js";
import { asInputError } from "./db-errors.js";
import { personSchema, tagSchema, weeklyStatsSchema } from "./schemas/content.js";
import type { EditorialDeps } from "./service.js";
import { slugFromTitle } from "./slugs.js";
import { statsSnapshot } from "./snapshots.js";
import { statsToRepo } from "./to-repo.js";

const INPUT = ["input"];

async function write<T>(deps: EditorialDeps, work: (tx: Db) => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await deps.db.transaction(work);
  } catch (error) {
    const pg = pgErrorOf(error);
    if (pg?.code === PG.foreignKeyViolation) {
      throw InputError.of(
        [],
        "is still named by archive entries; remove it from them first",
        "IN_USE",
      );
    }
    throw asInputError(error, INPUT);
  }
  deps.bus.publish({ kind: "shared-data-changed", at: deps.now });
  return result;
}

const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export async function createPerson(deps: EditorialDeps, input: unknown): Promise<number> {
  const p = parseInput(personSchema, input, INPUT);
  return write(deps, async (tx) => {
    const [row] = await tx
      .insert(people)
      .values({
        slug: p.slug ?? slugFromTitle(p.name),
        name: p.name,
        bio: p.bio ?? null,
        url: p.url ?? null,
      })
      .returning({ id: people.id });
    return row?.id as number;
  });
}

export async function updatePerson(
  deps: EditorialDeps,
  id: number,
  globalId: string,
  patch: Record<string, unknown>,
): Promise<number> {
  return write(deps, async (tx) => {
    const [current] = await tx.select().from(people).where(eq(people.id, id)).for("update");
    if (!current) throw new NotFoundError(globalId);
    const p = parseInput(personSchema, { ...current, ...defined(patch) }, INPUT);
    await tx
      .update(people)
      .set({ slug: p.slug ?? current.slug, name: p.name, bio: p.bio ?? null, url: p.url ?? null })
      .where(eq(people.id, id));
    return id;
  });
}

export async function deletePerson(
  deps: EditorialDeps,
  id: number,
  globalId: string,
): Promise<void> {
  await write(deps, async (tx) => {
    const rows = await tx.delete(people).where(eq(people.id, id)).returning({ id: people.id });
    if (rows.length === 0) throw new NotFoundError(globalId);
  });
}

export async function createTag(deps: EditorialDeps, input: unknown): Promise<string> {
  const t = parseInput(tagSchema, input, INPUT);
  return write(deps, async (tx) => {
    const slug = t.slug ?? slugFromTitle(t.name);
    await tx.insert(tags).values({ slug, name: t.name });
    return slug;
  });
}

export async function updateTag(
  deps: EditorialDeps,
  slug: string,
  patch: Record<string, unknown>,
): Promise<string> {
  return write(deps, async (tx) => {
    const [current] = await tx.select().from(tags).where(eq(tags.slug, slug)).for("update");
    if (!current) throw new NotFoundError(slug);
    const t = parseInput(
      tagSchema,
      { slug: current.slug, name: current.name, ...defined(patch) },
      INPUT,
    );
    await tx
      .update(tags)
      .set({ slug: t.slug ?? current.slug, name: t.name })
      .where(eq(tags.id, current.id));
    return t.slug ?? current.slug;
  });
}

/** Deleting a tag removes it from every entry (tags are labels, not content). */
export async function deleteTag(deps: EditorialDeps, slug: string): Promise<void> {
  await write(deps, async (tx) => {
    const rows = await tx.delete(tags).where(eq(tags.slug, slug)).returning({ id: tags.id });
    if (rows.length === 0) throw new NotFoundError(slug);
  });
}

export async function createStats(deps: EditorialDeps, input: unknown): Promise<number> {
  const s = parseInput(weeklyStatsSchema, input, INPUT);
  return write(deps, async (tx) => (await createWeeklyStats(tx, [statsToRepo(s)]))[0] as number);
}

export async function updateStats(
  deps: EditorialDeps,
  id: number,
  globalId: string,
  patch: Record<string, unknown>,
): Promise<number> {
  return write(deps, async (tx) => {
    const current = await statsSnapshot(tx, id);
    if (!current) throw new NotFoundError(globalId);
    const s = parseInput(weeklyStatsSchema, { ...current, ...defined(patch) }, INPUT);
    await replaceWeeklyStats(tx, id, statsToRepo(s), deps.now);
    return id;
  });
}

export async function deleteStats(
  deps: EditorialDeps,
  id: number,
  globalId: string,
): Promise<void> {
  await write(deps, async (tx) => {
    if (!(await deleteWeeklyStats(tx, id))) throw new NotFoundError(globalId);
  });
}

/** Status of standalone weekly stats: published now, scheduled, or back to draft. */
export async function setStatsPublication(
  deps: EditorialDeps,
  id: number,
  globalId: string,
  change: { status: "published" | "scheduled" | "draft"; at?: Date },
): Promise<number> {
  if (change.status === "scheduled" && (!change.at || change.at <= deps.now)) {
    throw InputError.of(["at"], "must be in the future", "NOT_IN_FUTURE");
  }
  return write(deps, async (tx) => {
    const row = await lockStats(tx, id);
    if (!row) throw new NotFoundError(globalId);
    const publishedAt =
      change.status === "published"
        ? deps.now
        : change.status === "scheduled"
          ? (change.at as Date)
          : row.publishedAt;
    await setStatsStatus(tx, id, { status: change.status, publishedAt, updatedAt: deps.now });
    return id;
  });
}
