/** Editing people: validated, written in one transaction, announced after. */

import { slugFromTitle } from "../../editorial/slugs.js";
import { definedKeys, INPUT, type WriteScope, writeShared } from "../../editorial/transactions.js";
import { NotFoundError } from "../../errors.js";
import { parseInput } from "../../validation.js";
import { personSchema } from "./input.js";
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
  return writeShared(scope, async (tx) => {
    const current = await lockPerson(tx, id);
    if (!current) throw new NotFoundError(globalId);
    const p = parseInput(personSchema, { ...current, ...definedKeys(patch) }, INPUT);
    await updatePersonRow(tx, id, { ...p, slug: p.slug ?? current.slug });
    return id;
  });
}

/** Refused (IN_USE) while any entry still names the person. */
export async function deletePerson(scope: WriteScope, id: number, globalId: string): Promise<void> {
  await writeShared(scope, async (tx) => {
    if (!(await deletePersonRow(tx, id))) throw new NotFoundError(globalId);
  });
}
