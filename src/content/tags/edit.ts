/** Editing tags: validated, written in one transaction, announced after. */
import { z } from "zod";
import { slugFromTitle } from "../../editorial/slugs.js";
import { definedKeys, INPUT, type WriteScope, writeShared } from "../../editorial/transactions.js";
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
  return writeShared(scope, async (tx) => {
    const current = await lockTag(tx, slug);
    if (!current) throw new NotFoundError(slug);
    const stored = { slug: current.slug, name: current.name };
    const t = parseInput(tagSchema, { ...stored, ...definedKeys(patch) }, INPUT);
    const next = { slug: t.slug ?? current.slug, name: t.name };
    await updateTagRow(tx, current.id, next);
    return next.slug;
  });
}

/** Deleting a tag removes it from every entry (tags are labels, not content). */
export async function deleteTag(scope: WriteScope, slug: string): Promise<void> {
  await writeShared(scope, async (tx) => {
    if (!(await deleteTagRow(tx, slug))) throw new NotFoundError(slug);
  });
}
