/** Editing standalone weekly stats: validated, written in one transaction, announced after. */
import type { z } from "zod";
import type { Db } from "../../db/client.js";
import { INPUT, patchShared, type WriteScope, writeShared } from "../../editorial/transactions.js";
import { InputError, NotFoundError } from "../../errors.js";
import { parseInput } from "../../validation.js";
import { statsToWrite, weeklyStatsSchema } from "./input.js";
import { lockStats } from "./reads.js";
import { statsSnapshot } from "./snapshot.js";
import {
  createWeeklyStats,
  deleteWeeklyStats,
  replaceWeeklyStats,
  setStatsStatus,
} from "./writes.js";

export async function createStats(scope: WriteScope, input: unknown): Promise<number> {
  const s = parseInput(weeklyStatsSchema, input, INPUT);
  return writeShared(
    scope,
    async (tx) => (await createWeeklyStats(tx, [statsToWrite(s)]))[0] as number,
  );
}

export async function updateStats(
  scope: WriteScope,
  id: number,
  globalId: string,
  patch: Record<string, unknown>,
): Promise<number> {
  const load = async (tx: Db) => {
    const stored = await statsSnapshot(tx, id);
    return stored && { row: stored, stored };
  };
  const write = async (tx: Db, s: z.output<typeof weeklyStatsSchema>) => {
    await replaceWeeklyStats(tx, id, statsToWrite(s), scope.now);
    return id;
  };
  return patchShared(scope, { load, schema: weeklyStatsSchema, write, id: globalId }, patch);
}

export async function deleteStats(scope: WriteScope, id: number, globalId: string): Promise<void> {
  await writeShared(scope, async (tx) => {
    if (!(await deleteWeeklyStats(tx, id))) throw new NotFoundError(globalId);
  });
}

/** Status of standalone weekly stats: published now, scheduled, or back to draft. */
export async function setStatsPublication(
  scope: WriteScope,
  id: number,
  globalId: string,
  change: { status: "published" | "scheduled" | "draft"; at?: Date },
): Promise<number> {
  if (change.status === "scheduled" && (!change.at || change.at <= scope.now)) {
    throw InputError.of(["at"], "must be in the future", "NOT_IN_FUTURE");
  }
  return writeShared(scope, async (tx) => {
    const row = await lockStats(tx, id);
    if (!row) throw new NotFoundError(globalId);
    const publishedAt =
      change.status === "published"
        ? scope.now
        : change.status === "scheduled"
          ? (change.at as Date)
          : row.publishedAt;
    await setStatsStatus(tx, id, { status: change.status, publishedAt, updatedAt: scope.now });
    return id;
  });
}
