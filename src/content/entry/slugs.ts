import type { Db } from "../../db/client.js";
import type { ContentType } from "../../registry.js";
import { slugsLike } from "./writes.js";

/** `base`, or `base-2`, `base-3`, … whichever is free for this type. */
export async function freeSlug(db: Db, type: ContentType, base: string): Promise<string> {
  const taken = await slugsLike(db, type, base);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
