import { createHash } from "node:crypto";

/** What a GraphQL request asks, before anything is parsed. */
export interface Params {
  query?: string;
  variables?: unknown;
  operationName?: string;
}

/**
 * The key of one answer: the document, the variables and the operation name exactly as sent,
 * so that it can be computed before anything is parsed. Undefined when the values cannot be
 * serialised (absurdly deep JSON): that request is answered uncached.
 */
export function cacheKey(params: Params): string | undefined {
  if (typeof params.query !== "string") return undefined;
  try {
    return createHash("sha256")
      .update(
        JSON.stringify([params.query, params.variables ?? null, params.operationName ?? null]),
      )
      .digest("base64url");
  } catch {
    return undefined;
  }
}

/** Headers that make an answer personal: editors (a token, or an /admin session's CSRF secret), previews, a voter's own view. */
export const PERSONAL_HEADERS = ["authorization", "x-preview-token", "x-voter-key", "x-csrf-token"];
