import { hmacHex } from "../../auth/keys.js";

/**
 * A voter key is an opaque random string the frontend keeps per reader (say a UUID in
 * localStorage). The server stores only HMAC(server key, poll id + voter key): one vote per
 * key per poll, no way back to the key, and no way to link a voter across polls.
 */
export const VOTER_KEY = /^[A-Za-z0-9_-]{16,128}$/;

export function voterHash(key: Buffer, pollId: number, voterKey: string): string {
  return hmacHex(key, `${pollId}:${voterKey}`);
}

/**
 * Names the key that hashed a database's votes without revealing it: an archive records it,
 * so an import can tell that the target would hash the same voters differently (and let
 * them vote again).
 */
export function voterKeyFingerprint(key: Buffer): string {
  return `hmac-sha256:${hmacHex(key, "voter-key-fingerprint").slice(0, 32)}`;
}
