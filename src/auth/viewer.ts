import type { Db } from "../db/client.js";
import { unauthenticated } from "../errors.js";
import type { Logger } from "../logger.js";
import { verifyPreviewToken } from "./previews.js";
import {
  CSRF_HEADER,
  csrfMatches,
  readCookie,
  type SessionSettings,
  sessionToken,
} from "./sessions.js";
import { type TokenRow, tokenByPrefix, touchToken } from "./store.js";
import { parseToken, secretMatches } from "./tokens.js";

/** Who is asking. Anonymous readers see only published, due content on every surface. */
export type Viewer =
  | { kind: "anonymous" }
  | { kind: "editor"; tokenId: number; name: string; scopes: ReadonlySet<"editor" | "admin"> }
  /** A reader holding a preview token: public content plus that one entry, read-only. */
  | { kind: "preview"; contentId: number; expiresAt: Date };

export const ANONYMOUS: Viewer = { kind: "anonymous" };

/** Who sent the request, for the audit line of a refused token. */
export interface RequestOrigin {
  request: Request;
  /** The client address (X-Forwarded-For's first hop behind a trusted proxy). */
  client: string;
}

/** Refuse a credential: an audit line (with the token's public prefix, never its secret), and the error. */
function refuser(logger: Logger, client: string) {
  return (reason: string, token: { kind: string; prefix?: string }) => {
    logger.warn(
      { audit: "token refused", token: token.kind, prefix: token.prefix, client, reason },
      `audit: ${token.kind} token refused from ${client}: ${reason}`,
    );
    return unauthenticated(reason);
  };
}

/** An editor viewer for a token row (its use recorded, at most once a minute). */
function editorOf(db: Db, row: TokenRow, now: Date, logger: Logger): Viewer {
  touchToken(db, row.id, now).catch((err) =>
    logger.warn({ err: (err as Error).message }, "could not record token use"),
  );
  const scopes = new Set<"editor" | "admin">(
    row.scope === "admin" ? ["editor", "admin"] : ["editor"],
  );
  return { kind: "editor", tokenId: row.id, name: row.name, scopes };
}

/**
 * Check a presented API token (`nca_…`): its row when it is known and not revoked; otherwise
 * the UNAUTHENTICATED error is thrown and the refusal logged. Used for the Authorization
 * header and for signing in to /admin, so both accept exactly the same tokens.
 */
export async function verifyApiToken(
  db: Db,
  token: string,
  { client }: Pick<RequestOrigin, "client">,
  logger: Logger,
): Promise<TokenRow> {
  const refuse = refuser(logger, client);
  const api = { kind: "API" };
  const parsed = parseToken(token);
  if (!parsed) throw refuse("That is not an API token of this server (expected nca_…).", api);
  const row = await tokenByPrefix(db, parsed.prefix);
  // Hash and compare even when the prefix is unknown, so timing does not tell the two apart.
  const ok = secretMatches(parsed.secret, row?.secretHash ?? "0".repeat(64)) && row !== null;
  const named = { ...api, prefix: parsed.prefix };
  if (!ok || !row) throw refuse("Unknown API token.", named);
  if (row.revokedAt) throw refuse("This API token has been revoked.", named);
  return row;
}

/** The headers that carry a credential: an API token, a preview token, an /admin session's CSRF secret. */
const CREDENTIAL_HEADERS = ["authorization", "x-preview-token", CSRF_HEADER];

/**
 * Whether a request presents a credential. With one, `viewerFromRequest` answers an editor or
 * a preview, or refuses (given /admin sessions, as the server has); without one, the anonymous
 * reader. Known before anything is read.
 */
export function presentsCredentials(request: Request): boolean {
  return CREDENTIAL_HEADERS.some((h) => request.headers.has(h));
}

/**
 * The viewer of a request: anonymous without an Authorization header, an editor with a
 * valid token. A malformed, unknown or revoked token is an error, never a silent downgrade,
 * and is logged as a refused login (with the token's public prefix, never its secret).
 *
 * An /admin session (src/auth/sessions.ts) counts only with its CSRF secret in X-CSRF-Token:
 * the cookie alone is ignored (a reader's request, a cross-site form), so only the app's own
 * requests act as the editor. With the header, a missing, expired or ended session, a wrong
 * secret or a revoked token is refused like a bad token.
 */
export async function viewerFromRequest(
  db: Db,
  { request, client }: RequestOrigin,
  now: Date,
  logger: Logger,
  previewKey: () => Buffer,
  session?: SessionSettings,
): Promise<Viewer> {
  const refuse = refuser(logger, client);
  const header = request.headers.get("authorization");
  const preview = request.headers.get("x-preview-token");
  if (header == null && preview != null) {
    const check = verifyPreviewToken(previewKey(), preview.trim(), now);
    if (!check.ok) {
      throw refuse(
        check.reason === "expired"
          ? "This preview token has expired; ask an editor for a new one."
          : "Invalid preview token.",
        { kind: "preview" },
      );
    }
    return { kind: "preview", contentId: check.contentId, expiresAt: check.expiresAt };
  }
  const csrf = request.headers.get(CSRF_HEADER);
  if (header == null && csrf != null && session) {
    return editorOf(db, await sessionRow(db, request, csrf, now, session, refuse), now, logger);
  }
  if (header == null) return ANONYMOUS;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw refuse('The Authorization header must be "Bearer <token>".', { kind: "API" });
  const row = await verifyApiToken(db, m[1] as string, { client }, logger);
  return editorOf(db, row, now, logger);
}

/** The token behind the request's session, checked against the CSRF secret it sent. */
async function sessionRow(
  db: Db,
  request: Request,
  csrf: string,
  now: Date,
  session: SessionSettings,
  refuse: ReturnType<typeof refuser>,
): Promise<TokenRow> {
  const kind = { kind: "session" };
  const id = readCookie(request, session.cookie);
  if (!id) throw refuse("Not signed in to /admin (no session cookie): sign in again.", kind);
  if (!csrfMatches(session.csrfKey(), id, csrf.trim())) {
    throw refuse("The X-CSRF-Token header does not match this session: sign in again.", kind);
  }
  const row = await sessionToken(db, id, now);
  if (!row) throw refuse("This /admin session has expired or ended: sign in again.", kind);
  if (row.revokedAt) {
    throw refuse("The API token of this /admin session has been revoked.", {
      ...kind,
      prefix: row.prefix,
    });
  }
  return row;
}
