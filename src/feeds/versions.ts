/** Last-Modified of a feed document that never goes backwards while its content changes. */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { feedVersions } from "./table.js";

/** HTTP dates have whole seconds: compare and store at that precision. */
const toSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

/**
 * When the document `key` with content `hash` last changed. Unchanged content keeps its
 * stored time. Changed content takes the newest of its entries' times (`contentTime`) and a
 * second after the stored time, never later than `now`: so a reader holding the previous
 * Last-Modified gets the new document, whichever way it changed. First seen: `contentTime`.
 */
export async function lastModifiedOf(
  db: Db,
  key: string,
  hash: string,
  contentTime: Date,
  now: Date,
): Promise<Date> {
  const content = toSecond(contentTime);
  const ceiling = toSecond(now);
  const [changed] = await db
    .insert(feedVersions)
    .values({ key, contentHash: hash, lastModified: content })
    .onConflictDoUpdate({
      target: feedVersions.key,
      set: {
        contentHash: hash,
        lastModified: sql`greatest(${content.toISOString()}::timestamptz, least(${ceiling.toISOString()}::timestamptz, ${feedVersions.lastModified} + interval '1 second'))`,
      },
      setWhere: sql`${feedVersions.contentHash} <> ${hash}`,
    })
    .returning({ lastModified: feedVersions.lastModified });
  if (changed) return changed.lastModified;
  const [kept] = await db
    .select({ lastModified: feedVersions.lastModified })
    .from(feedVersions)
    .where(eq(feedVersions.key, key));
  return kept?.lastModified ?? content;
}
