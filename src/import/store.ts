/** The statements of imports: which entry an item of a source became, and what was written. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { content } from "../read/table.js";
import { importSources } from "./table.js";

export interface ImportedEntry {
  contentId: number;
  checksum: string;
  writtenAt: Date;
  type: (typeof content.$inferSelect)["type"];
  slug: string;
  updatedAt: Date;
}

/** The entry an earlier import made of this item, if it still exists. */
export async function importedEntry(
  db: Db,
  source: string,
  sourceId: string,
): Promise<ImportedEntry | null> {
  const [row] = await db
    .select({
      contentId: importSources.contentId,
      checksum: importSources.checksum,
      writtenAt: importSources.writtenAt,
      type: content.type,
      slug: content.slug,
      updatedAt: content.updatedAt,
    })
    .from(importSources)
    .innerJoin(content, eq(content.id, importSources.contentId))
    .where(and(eq(importSources.source, source), eq(importSources.sourceId, sourceId)));
  return row ?? null;
}

/** Remember what an import wrote for an item (insert, or replace the earlier record). */
export async function recordImport(
  db: Db,
  row: { contentId: number; source: string; sourceId: string; checksum: string; writtenAt: Date },
): Promise<void> {
  await db
    .insert(importSources)
    .values(row)
    .onConflictDoUpdate({
      target: importSources.contentId,
      set: { checksum: row.checksum, writtenAt: row.writtenAt },
    });
}
