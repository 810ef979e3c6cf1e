/** The SQL of auth: API tokens, /admin sessions, and the server-wide settings (the generated server secret). */
import { and, desc, eq, gt, isNull, lt, lte, or } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { adminSessions, apiTokens, appSettings } from "./table.js";

export type TokenRow = typeof apiTokens.$inferSelect;
export type TokenScope = TokenRow["scope"];

export async function insertToken(
  db: Db,
  values: { name: string; prefix: string; secretHash: string; scope: TokenScope },
): Promise<TokenRow> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  if (!row) throw new Error("token was not stored");
  return row;
}

export async function tokenByPrefix(db: Db, prefix: string): Promise<TokenRow | null> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.prefix, prefix)).limit(1);
  return row ?? null;
}

export function listTokens(db: Db): Promise<TokenRow[]> {
  return db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** Revoke by prefix or by name; returns how many tokens were revoked. */
export async function revokeTokens(
  db: Db,
  by: { prefix?: string; name?: string },
  at: Date,
): Promise<number> {
  const match = by.prefix ? eq(apiTokens.prefix, by.prefix) : eq(apiTokens.name, by.name ?? "");
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(match, isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length;
}

/** Record use, at most once a minute per token (no write on every request). */
export async function touchToken(db: Db, id: number, at: Date): Promise<void> {
  const minuteAgo = new Date(at.getTime() - 60_000);
  await db
    .update(apiTokens)
    .set({ lastUsedAt: at })
    .where(
      and(
        eq(apiTokens.id, id),
        or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, minuteAgo)),
      ),
    );
}

/**
 * A server-wide setting; `first` is stored when it has none yet. Every instance reads the
 * same value, whichever stored it.
 */
export async function settingOrFirst(db: Db, key: string, first: string): Promise<string> {
  await db.insert(appSettings).values({ key, value: first }).onConflictDoNothing();
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, key));
  if (!row) throw new Error(`could not read the setting ${key}`);
  return row.value;
}

/** Store a new /admin session (only the hash of its id). */
export async function insertSession(
  db: Db,
  values: { idHash: string; tokenId: number; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db.insert(adminSessions).values(values);
}

/**
 * The token behind a live session: null when the session is unknown or expired. The token
 * is read on every use, so a revoked token ends its sessions at once (the caller checks
 * `revokedAt`; deleting a token deletes its sessions).
 */
export async function tokenOfSession(db: Db, idHash: string, now: Date): Promise<TokenRow | null> {
  const [row] = await db
    .select({ token: apiTokens })
    .from(adminSessions)
    .innerJoin(apiTokens, eq(apiTokens.id, adminSessions.tokenId))
    .where(and(eq(adminSessions.idHash, idHash), gt(adminSessions.expiresAt, now)))
    .limit(1);
  return row?.token ?? null;
}

/** Sign out: the session is gone. Expired sessions are swept on the way. */
export async function deleteSession(db: Db, idHash: string, now: Date): Promise<void> {
  await db
    .delete(adminSessions)
    .where(or(eq(adminSessions.idHash, idHash), lte(adminSessions.expiresAt, now)));
}
