import { GraphQLError } from "graphql";
import type { Db } from "../db/client.js";
import { tokenByPrefix, touchToken } from "../db/repos/tokens.js";
import { verifyPreviewToken } from "../editorial/previews.js";
import type { Logger } from "../logger.js";
import { ANONYMOUS, type Viewer } from "../viewer.js";
import { parseToken, secretMatches } from "./api-tokens.js";

/** 401 with a reason the client can act on; the status reaches HTTP through Yoga. */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: "UNAUTHENTICATED",
      http: { status: 401, headers: { "www-authenticate": 'Bearer realm="editor"' } },
    },
  });
}

/**
 * The viewer of a request: anonymous without an Authorization header, an editor with a
 * valid token. A malformed, unknown or revoked token is an error, never a silent downgrade.
 */
export async function viewerFromRequest(
  db: Db,
  request: Request,
  now: Date,
  logger: Logger,
  previewKey: () => Buffer,
): Promise<Viewer> {
  const header = request.headers.get("authorization");
  const preview = request.headers.get("x-preview-token");
  if (header == null && preview != null) {
    const check = verifyPreviewToken(previewKey(), preview.trim(), now);
    if (!check.ok) {
      throw unauthenticated(
        check.reason === "expired"
          ? "This preview token has expired; ask an editor for a new one."
          : "Invalid preview token.",
      );
    }
    return { kind: "preview", contentId: check.contentId, expiresAt: check.expiresAt };
  }
  if (header == null) return ANONYMOUS;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw unauthenticated('The Authorization header must be "Bearer <token>".');
  const parsed = parseToken(m[1] as string);
  if (!parsed) throw unauthenticated("That is not an API token of this server (expected nca_…).");
  const row = await tokenByPrefix(db, parsed.prefix);
  // Hash and compare even when the prefix is unknown, so timing does not tell the two apart.
  const ok = secretMatches(parsed.secret, row?.secretHash ?? "0".repeat(64)) && row !== null;
  if (!ok || !row) throw unauthenticated("Unknown API token.");
  if (row.revokedAt) throw unauthenticated("This API token has been revoked.");
  touchToken(db, row.id, now).catch((err) =>
    logger.warn({ err: (err as Error).message }, "could not record token use"),
  );
  const scopes = new Set<"editor" | "admin">(
    row.scope === "admin" ? ["editor", "admin"] : ["editor"],
  );
  return { kind: "editor", tokenId: row.id, name: row.name, scopes };
}
