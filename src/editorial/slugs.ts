import slugify from "@sindresorhus/slugify";
import type { Db } from "../db/client.js";
import { type ContentType, slugsLike } from "../db/repos/content.js";

const MAX = 80;

/** A URL slug from a title: transliterated ("Ξένο" → "xeno"), lowercase, hyphenated, bounded. */
export function slugFromTitle(title: string): string {
  const base = slugify(title, { decamelize: false }).slice(0, MAX).replace(/-+$/, "");
  return base || "untitled";
}

/** `base`, or `base-2`, `base-3`, … whichever is free for this type. */
export async function freeSlug(db: Db, type: ContentType, base: string): Promise<string> {
  const taken = await slugsLike(db, type, base);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
