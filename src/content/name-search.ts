/**
 * The `search` argument of the people and tag lists, as pickers use it while an editor types:
 * a name or slug with a word starting with the text, case-insensitive ("pratt" and "ian p" find
 * Ian Pratt; "Ξένο" finds the slug "kseno-…"). The lists keep their slug order and cursors.
 */
import { type Column, ilike, like, or, type SQL, sql } from "drizzle-orm";
import { cannotMatch } from "../db/sql.js";
import { slugFromTitle } from "../editorial/slugs.js";

/** The argument's description, the same on both lists. */
export const SEARCH_ARG =
  'Only those whose name or slug has a word starting with this text, case-insensitive ("pratt" or "ian p" finds Ian Pratt); still in slug order. Empty: all.';

/** Longer search texts are cut: no name worth finding is longer. */
const MAX_SEARCH = 100;

/** `text` for a LIKE pattern, its wildcards taken literally (backslash is Postgres's escape). */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The condition on a name and slug column; undefined for an empty search (everything). */
export function nameSearchSql(name: Column, slug: Column, search: string | null | undefined) {
  const text = (search ?? "").trim().slice(0, MAX_SEARCH);
  if (!text) return undefined;
  if (cannotMatch(text)) return sql`false`;
  const t = literal(text);
  const conditions: SQL[] = [ilike(name, `${t}%`), ilike(name, `% ${t}%`), ilike(name, `%-${t}%`)];
  // Only letters and digits make a slug; text with none ("!!") has no slug to look for.
  if (/[\p{L}\p{N}]/u.test(text)) {
    const s = slugFromTitle(text);
    conditions.push(like(slug, `${s}%`), like(slug, `%-${s}%`));
  }
  return or(...conditions);
}
