import { timingSafeEqual } from "node:crypto";
import { hmacHex } from "../auth/keys.js";

/**
 * `x-webhook-signature` value: `sha256=` and the hex HMAC-SHA256 of "<timestamp>.<body>",
 * keyed with the signing secret's UTF-8 bytes (the whole `whsec_…` string). Signing the
 * timestamp with the body lets a partner reject old deliveries replayed later.
 */
export function signDelivery(secret: string, timestamp: number, body: string): string {
  return `sha256=${hmacHex(Buffer.from(secret, "utf8"), `${timestamp}.${body}`)}`;
}

/** Constant-time check of a signature header, as a partner would do it (used by the tests). */
export function verifyDelivery(
  secret: string,
  timestamp: number,
  body: string,
  header: string,
): boolean {
  const expected = Buffer.from(signDelivery(secret, timestamp, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
