/** Editing people: validated, written in one transaction, announced after. */
import type { z } from "zod";
import type { Db } from "../../db/client.js";
import { slugFromTitle } from "../../editorial/slugs.js";
import { INPUT, patchShared, type WriteScope, writeShared } from "../../editorial/transactions.js";
import { NotFoundError } from "../../errors.js";
import { parseInput } from "../../validation.js";
import { personSchema } from "./input.js";
import type { PersonRow } from "./reads.js";
import { lockPerson } from "./reads.js";
import { deletePersonRow, insertPerson, updatePersonRow } from "./writes.js";

export async function createPerson(scope: WriteScope, input: unknown): Promise<number> {
  const p = parseInput(personSchema, input, INPUT);
  return writeShared(scope, (tx) =>
    insertPerson(tx, { ...p, slug: p.slug ?? slugFromTitle(p.name) }),
  );
}

export async function updatePerson(
  scope: WriteScope,
  id: number,
  globalId: string,
  patch: Record<string, unknown>,
): Promise<number> {
  const load = async (tx: Db) => {
    const row = await lockPerson(tx, id);
    return row && { row, stored: row };
  };
  const write = async (tx: Db, p: z.output<typeof personSchema>, row: PersonRow) => {
    await updatePersonRow(tx, id, { ...p, slug: p.slug ?? row.slug });
    return id;
  };
  return patchShared(scope, { load, schema: personSchema, write, id: globalId }, patch);
}

/** Refused (IN_USE) while any entry still names the person. */
export async function deletePerson(scope: WriteScope, id: number, globalId: string): Promise<void> {
  await writeShared(scope, async (tx) => {
    if (!(await deletePersonRow(tx, id))) throw new NotFoundError(globalId);
  });
}
