import slugify from "@sindresorhus/slugify";

const MAX = 80;

/** A URL slug from a title: transliterated ("Ξένο" → "xeno"), lowercase, hyphenated, bounded. */
export function slugFromTitle(title: string): string {
  const base = slugify(title, { decamelize: false }).slice(0, MAX).replace(/-+$/, "");
  return base || "untitled";
}
