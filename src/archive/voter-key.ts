import { deriveKeys, loadAppSecret } from "../auth/keys.js";
import { voterKeyFingerprint } from "../content/poll/voter.js";
import type { Db } from "../db/client.js";
import type { VoterKeyRecord } from "./format.js";

/** The key this database's server hashes voters with, as an archive records it. */
export async function voterKeyOf(db: Db, appSecret: string | undefined): Promise<VoterKeyRecord> {
  const keys = deriveKeys(await loadAppSecret(db, appSecret));
  return {
    fingerprint: voterKeyFingerprint(keys.voter),
    from: appSecret ? "APP_SECRET" : "generated",
  };
}
