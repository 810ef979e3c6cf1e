/** Editing tags: validated, written in one transaction, announced after. */
import { z } from "zod";
import type { Db } from "../../db/client.js";
import { slugFromTitle } from "../../editorial/slugs.js";
import { INPUT, patchShared, type WriteScope, writeShared } from "../../editorial/transactions.js";
import { NotFoundError } from "../../errors.js";
import { contentFields, line, parseInput } from "../../validation.js";
import { lockTag } from "./reads.js";
import { deleteTagRow, insertTag, updateTagRow } from "./writes.js";

export const tagSchema = z.object({ slug: contentFields.slug, name: line(100) });

export async function createTag(scope: WriteScope, input: unknown): Promise<string> {
  const t = parseInput(tagSchema, input, INPUT);
  const slug = t.slug ?? slugFromTitle(t.name);
  await writeShared(scope, (tx) => insertTag(tx, { slug, name: t.name }));
  return slug;
}

export async function updateTag(
  scope: WriteScope,
  slug: string,
  patch: Record<string, unknown>,
): Promise<string> {
  const load = async (tx: Db) => {
    const row = await lockTag(tx, slug);
    return row && { row, stored: { slug: row.slug, name: row.name } };
  };
  const write = async (
    tx: Db,
    t: z.output<typeof tagSchema>,
    row: { id: number; slug: string },
  ) => {
    const next = { slug: t.slug ?? row.slug, name: t.name };
    await updateTagRow(tx, row.id, next);
    return next.slug;
  };
  return patchShared(scope, { load, schema: tagSchema, write, id: slug }, patch);
}

/** Deleting a tag removes it from every entry (tags are labels, not content). */
export async function deleteTag(scope: WriteScope, slug: string): Promise<void> {
  await writeShared(scope, async (tx) => {
    if (!(await deleteTagRow(tx, slug))) throw new NotFoundError(slug);
  });
}
