/**
 * Every editorial write runs in one transaction (a failure leaves nothing half-written), turns
 * the database's refusals into typed field errors, and announces what changed on the bus only
 * after it commits.
 */

import type { z } from "zod";
import type { EventBus } from "../bus/bus.js";
import type { ContentEvent } from "../bus/events.js";
import type { Db } from "../db/client.js";
import { PG, pgErrorOf } from "../db/errors.js";
import { InputError, NotFoundError, OptionsLockedError, UnknownReferenceError } from "../errors.js";
import { parseInput } from "../validation.js";

/** What a write needs: the database, the bus it announces on, and the request's clock reading. */
export interface WriteScope {
  db: Db;
  bus: EventBus;
  now: Date;
}

/** Input errors are reported under this path (the mutations' `input` argument). */
export const INPUT = ["input"];

/** What a constraint means to the editor, as a field error. */
const CONSTRAINTS: Record<string, { path: string[]; message: string }> = {
  issues_volume_number_key: {
    path: ["volume"],
    message: "an issue with this volume and number already exists",
  },
  content_type_slug_key: {
    path: ["slug"],
    message: "is already used by another entry of this type",
  },
  weekly_stats_week_start_key: {
    path: ["stats", "weekStart"],
    message: "stats for this week already exist",
  },
  people_slug_key: { path: ["slug"], message: "is already used by another person" },
  tags_slug_key: { path: ["slug"], message: "is already used by another tag" },
};

/** Where an unknown reference of each kind is reported. */
const REFERENCES: Record<string, string[]> = {
  tag: ["tags"],
  person: ["people"],
  event: ["resultsEvent"],
};

/**
 * The database's refusals as typed validation errors under `base`; anything else is returned
 * as it is (and masked as unexpected).
 */
export function asInputError(error: unknown, base: string[] = INPUT): unknown {
  if (error instanceof InputError) return error;
  if (error instanceof OptionsLockedError)
    return InputError.of([...base, "options"], error.message, "OPTIONS_LOCKED");
  if (error instanceof UnknownReferenceError) {
    return InputError.of(
      [...base, ...(error.field ?? REFERENCES[error.kind] ?? [])],
      `unknown ${error.kind}: ${error.keys.join(", ")}`,
      `UNKNOWN_${error.kind.toUpperCase()}`,
    );
  }
  const pg = pgErrorOf(error);
  const known = pg?.constraint ? CONSTRAINTS[pg.constraint] : undefined;
  if (pg?.code === PG.uniqueViolation && known)
    return InputError.of([...base, ...known.path], known.message, "DUPLICATE");
  if (pg?.code === PG.foreignKeyViolation)
    return InputError.of(base, "refers to something that does not exist", "UNKNOWN_REFERENCE");
  if (pg?.code === PG.restrictViolation) return inUse();
  return error;
}

/** A shared row (a person) still named by entries: RESTRICT or NO ACTION refused its delete. */
const inUse = () =>
  InputError.of([], "is still named by archive entries; remove it from them first", "IN_USE");

/** Write entries: `work` collects the events to announce once the transaction has committed. */
export async function writeEntries<T>(
  scope: WriteScope,
  work: (tx: Db, events: ContentEvent[]) => Promise<T>,
): Promise<T> {
  const events: ContentEvent[] = [];
  let result: T;
  try {
    result = await scope.db.transaction((tx) => work(tx, events));
  } catch (error) {
    throw asInputError(error);
  }
  for (const event of events) scope.bus.publish(event);
  return result;
}

/**
 * Write people, tags or standalone weekly stats: shared by many entries, so a change announces
 * "shared-data-changed" (every rendered answer and feed may name them).
 */
export async function writeShared<T>(scope: WriteScope, work: (tx: Db) => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await scope.db.transaction(work);
  } catch (error) {
    if (pgErrorOf(error)?.code === PG.foreignKeyViolation) throw inUse();
    throw asInputError(error);
  }
  scope.bus.publish({ kind: "shared-data-changed", at: scope.now });
  return result;
}

/** Keys the client sent (GraphQL gives absent fields as undefined; null means "clear"). */
export function definedKeys(patch: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}

/**
 * An update of shared data (a person, a tag, weekly stats): the stored state, locked, with
 * the patch applied, validated as a whole, written back; NotFoundError when there is none.
 */
export async function patchShared<S extends z.ZodType, Row, Result>(
  scope: WriteScope,
  target: {
    /** Locks and reads the stored state, in the shape the schema validates. */
    load(tx: Db): Promise<{ row: Row; stored: Record<string, unknown> } | null>;
    schema: S;
    write(tx: Db, input: z.output<S>, row: Row): Promise<Result>;
    /** The id the client sent, for NotFoundError. */
    id: string;
  },
  patch: Record<string, unknown>,
): Promise<Result> {
  return writeShared(scope, async (tx) => {
    const current = await target.load(tx);
    if (!current) throw new NotFoundError(target.id);
    const input = parseInput(target.schema, { ...current.stored, ...definedKeys(patch) }, INPUT);
    return target.write(tx, input, current.row);
  });
}
