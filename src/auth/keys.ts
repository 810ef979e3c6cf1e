import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import type { Db } from "../db/client.js";
import { settingOrFirst } from "./store.js";

/** Purpose-bound keys derived from the one server secret (HKDF-SHA256). */
export interface Keys {
  /** Signs preview tokens. */
  preview: Buffer;
  /** Keys the HMAC of (poll, voter key). */
  voter: Buffer;
  /** Encrypts webhook signing secrets at rest (AES-256-GCM). */
  webhookSecrets: Buffer;
  /** Keys the CSRF secret of an /admin session (HMAC of the session id). */
  session: Buffer;
}

const SETTING = "app_secret";

/**
 * The server secret: APP_SECRET when configured, else one generated on first start and kept
 * in the database, so every instance on it agrees without configuration.
 */
export async function loadAppSecret(db: Db, configured: string | undefined): Promise<Buffer> {
  if (configured) return Buffer.from(configured, "utf8");
  const value = await settingOrFirst(db, SETTING, randomBytes(32).toString("base64url"));
  return Buffer.from(value, "base64url");
}

export function deriveKeys(secret: Buffer): Keys {
  const derive = (info: string) =>
    Buffer.from(hkdfSync("sha256", secret, "newsletter-content-api", info, 32));
  return {
    preview: derive("preview-tokens"),
    voter: derive("voter-keys"),
    webhookSecrets: derive("webhook-secrets"),
    session: derive("admin-sessions"),
  };
}

/** HMAC-SHA256, hex. */
export function hmacHex(key: Buffer, data: string): string {
  return createHmac("sha256", key).update(data).digest("hex");
}
