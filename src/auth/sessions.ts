/**
 * Sessions of the /admin app: an editor signs in once with an API token and the browser keeps
 * a cookie instead of the token. The cookie alone never makes an editor: a GraphQL request is
 * the session's only with the session's CSRF secret in `X-CSRF-Token` (a header no other site
 * can make a browser send), so a cross-site form or fetch stays anonymous.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/client.js";
import { hmacHex } from "./keys.js";
import { deleteSession, insertSession, type TokenRow, tokenOfSession } from "./store.js";
import { hashSecret } from "./tokens.js";

/** How long a session lasts from sign-in (12 h): a working day, not a week. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** The header the app sends its CSRF secret in. */
export const CSRF_HEADER = "x-csrf-token";

/** Cookie names: `__Host-` (Secure, no Domain, Path=/) when served over https. */
export function cookieNames(https: boolean): { session: string; csrf: string } {
  return https
    ? { session: "__Host-nca_session", csrf: "__Host-nca_csrf" }
    : { session: "nca_session", csrf: "nca_csrf" };
}

/** What the session check needs besides the database: the cookie's name and the CSRF key. */
export interface SessionSettings {
  cookie: string;
  csrfKey: () => Buffer;
}

/** The CSRF secret of a session: derived from its id, so nothing more is stored. */
export const csrfOf = (key: Buffer, sessionId: string) => hmacHex(key, `csrf:${sessionId}`);

/** Constant-time check of a presented CSRF secret. */
export function csrfMatches(key: Buffer, sessionId: string, presented: string): boolean {
  const a = Buffer.from(csrfOf(key, sessionId));
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A cookie's value from the request's Cookie header; null when absent. */
export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/** A well-formed session id (43 base64url characters); anything else is not looked up. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** Start a session for a verified token: the id (for the cookie) and its CSRF secret. */
export async function startSession(
  db: Db,
  token: TokenRow,
  now: Date,
  csrfKey: Buffer,
): Promise<{ id: string; csrf: string; expiresAt: Date }> {
  const id = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await insertSession(db, { idHash: hashSecret(id), tokenId: token.id, createdAt: now, expiresAt });
  return { id, csrf: csrfOf(csrfKey, id), expiresAt };
}

/** The token of a live session id (unknown, expired: null). */
export function sessionToken(db: Db, id: string, now: Date): Promise<TokenRow | null> {
  if (!SESSION_ID.test(id)) return Promise.resolve(null);
  return tokenOfSession(db, hashSecret(id), now);
}

/** Sign out. */
export function endSession(db: Db, id: string, now: Date): Promise<void> {
  if (!SESSION_ID.test(id)) return Promise.resolve();
  return deleteSession(db, hashSecret(id), now);
}
