import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Preview tokens: signed, short-lived, read-only permission to see one entry (a draft, a
 * scheduled entry, or a pending edit) without an editor login. Format:
 * `pv1.<base64url JSON {c: content id, e: expiry (unix s)}>.<base64url HMAC-SHA256>`.
 */
export const DEFAULT_PREVIEW_TTL_S = 3_600;
export const MAX_PREVIEW_TTL_S = 86_400;

const sign = (key: Buffer, payload: string) =>
  createHmac("sha256", key).update(`pv1.${payload}`).digest("base64url");

export function mintPreviewToken(key: Buffer, contentId: number, expiresAt: Date): string {
  const payload = Buffer.from(
    JSON.stringify({ c: contentId, e: Math.floor(expiresAt.getTime() / 1000) }),
  ).toString("base64url");
  return `pv1.${payload}.${sign(key, payload)}`;
}

export type PreviewCheck =
  | { ok: true; contentId: number; expiresAt: Date }
  | { ok: false; reason: "malformed" | "bad-signature" | "expired" };

export function verifyPreviewToken(key: Buffer, token: string, now: Date): PreviewCheck {
  const m = /^pv1\.([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(sign(key, m[1] as string));
  const given = Buffer.from(m[2] as string);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: "bad-signature" };
  let claims: { c?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(m[1] as string, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (!Number.isSafeInteger(claims.c) || !Number.isSafeInteger(claims.e))
    return { ok: false, reason: "malformed" };
  const expiresAt = new Date((claims.e as number) * 1000);
  if (expiresAt <= now) return { ok: false, reason: "expired" };
  return { ok: true, contentId: claims.c as number, expiresAt };
}
