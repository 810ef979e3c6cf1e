import type { Db } from "../db/client.js";
import { unauthenticated } from "../errors.js";
import type { Logger } from "../logger.js";
import { verifyPreviewToken } from "./previews.js";
import { tokenByPrefix, touchToken } from "./store.js";
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

/**
 * The viewer of a request: anonymous without an Authorization header, an editor with a
 * valid token. A malformed, unknown or revoked token is an error, never a silent downgrade,
 * and is logged as a refused login (with the token's public prefix, never its secret).
 */
export async function viewerFromRequest(
  db: Db,
  { request, client }: RequestOrigin,
  now: Date,
  logger: Logger,
  previewKey: () => Buffer,
): Promise<Viewer> {
  const refuse = (reason: string, token: { kind: string; prefix?: string }) => {
    logger.warn(
      { audit: "token refused", token: token.kind, prefix: token.prefix, client, reason },
      `audit: ${token.kind} token refused from ${client}: ${reason}`,
    );
    return unauthenticated(reason);
  };
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
  if (header == null) return ANONYMOUS;
  const api = { kind: "API" };
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw refuse('The Authorization header must be "Bearer <token>".', api);
  const parsed = parseToken(m[1] as string);
  if (!parsed) throw refuse("That is not an API token of this server (expected nca_…).", api);
  const row = await tokenByPrefix(db, parsed.prefix);
  // Hash and compare even when the prefix is unknown, so timing does not tell the two apart.
  const ok = secretMatches(parsed.secret, row?.secretHash ?? "0".repeat(64)) && row !== null;
  const named = { ...api, prefix: parsed.prefix };
  if (!ok || !row) throw refuse("Unknown API token.", named);
  if (row.revokedAt) throw refuse("This API token has been revoked.", named);
  touchToken(db, row.id, now).catch((err) =>
    logger.warn({ err: (err as Error).message }, "could not record token use"),
  );
  const scopes = new Set<"editor" | "admin">(
    row.scope === "admin" ? ["editor", "admin"] : ["editor"],
  );
  return { kind: "editor", tokenId: row.id, name: row.name, scopes };
}
