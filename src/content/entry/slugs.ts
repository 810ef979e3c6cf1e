import type { Db } from "../../db/client.js";
import type { ContentType } from "../../registry.js";
import { slugsLike } from "./writes.js";

/** The longest slug the write path accepts (validation.ts). */
const MAX_SLUG = 200;
/** Room kept for a counter ("-99999"), so every candidate stays within MAX_SLUG. */
const COUNTER_ROOM = 6;

/**
 * `stem` + `suffix`, or with `-2`, `-3`, … whichever is free for this type; the stem is cut
 * (at a hyphen boundary left clean) so the result never exceeds the slug limit: a live entry
 * with a 200-character slug still gets its `…-revision`.
 */
export async function freeSlug(
  db: Db,
  type: ContentType,
  stem: string,
  suffix = "",
): Promise<string> {
  const room = MAX_SLUG - suffix.length - COUNTER_ROOM;
  const base = `${stem.length > room ? stem.slice(0, room).replace(/-+$/, "") : stem}${suffix}`;
  const taken = await slugsLike(db, type, base);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
