import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Editor API tokens look like `nca_<prefix>_<secret>`: the prefix finds the row, the secret
 * proves possession. Only SHA-256(secret) is stored; comparison is constant-time.
 */
export const TOKEN_PATTERN = /^nca_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewToken {
  token: string;
  prefix: string;
  secretHash: string;
}

export function generateToken(): NewToken {
  const prefix = randomBytes(9).toString("base64url").replace(/[-_]/g, "x").slice(0, 12);
  const secret = randomBytes(32).toString("base64url");
  return { token: `nca_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Split a presented token; null when it is not shaped like one of ours. */
export function parseToken(token: string): { prefix: string; secret: string } | null {
  const m = TOKEN_PATTERN.exec(token);
  return m ? { prefix: m[1] as string, secret: m[2] as string } : null;
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
