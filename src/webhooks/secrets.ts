import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Signing secrets: generated here, shown to the admin once, and stored only encrypted
 * (AES-256-GCM under `Keys.webhookSecrets`), so a database dump alone cannot forge deliveries.
 */

const PREFIX = "whsec_";
// Stored form: "v1.<iv>.<tag>.<ciphertext>", base64url parts; the version lets the scheme change.
const VERSION = "v1";
// Binds the ciphertext to its purpose: a blob copied from another encrypted column won't decrypt.
const AAD = Buffer.from("newsletter-content-api:webhook-secret:v1");

/** A new signing secret: `whsec_` and 32 random bytes, base64url (256 bits). */
export function generateSigningSecret(): string {
  return `${PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** Encrypt a signing secret for storage; a fresh 96-bit IV each time. */
export function encryptSecret(key: Buffer, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

/** Decrypt a stored secret; throws when it was tampered with or encrypted under another key. */
export function decryptSecret(key: Buffer, stored: string): string {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) {
    throw new Error("unrecognised webhook secret format");
  }
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(AAD);
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, "base64url")),
    decipher.final(),
  ]).toString("utf8");
}
