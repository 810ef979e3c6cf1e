import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { chunkRows } from "../../db/sql.js";
import { UnknownReferenceError } from "../../errors.js";
import { resolvePeople } from "../people/reads.js";
import { contentAuthors } from "./table.js";

/** Set the bylines of entries (by id) to these person slugs, in order; the people must exist. */
export async function writeAuthors(
  db: Db,
  bylines: readonly { contentId: number; authors: readonly string[] }[],
): Promise<void> {
  const found = await resolvePeople(
    db,
    bylines.flatMap((b) => b.authors),
  ).catch((error: unknown) => {
    if (error instanceof UnknownReferenceError)
      throw new UnknownReferenceError("person", error.keys, ["authors"]);
    throw error;
  });
  const rows = bylines.flatMap(({ contentId, authors }) =>
    [...new Set(authors)].map((slug, position) => ({
      contentId,
      personId: found.get(slug)?.id as number,
      position,
    })),
  );
  for (const chunk of chunkRows(rows)) await db.insert(contentAuthors).values(chunk);
}

/** Drop an entry's byline (before it is written anew). */
export async function clearAuthors(db: Db, contentId: number): Promise<void> {
  await db.delete(contentAuthors).where(eq(contentAuthors.contentId, contentId));
}
