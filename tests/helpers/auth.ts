import { insertToken, type TokenScope } from "../../src/auth/store.js";
import { generateToken } from "../../src/auth/tokens.js";
import type { Db } from "../../src/db/client.js";

/** Store a token as `npm run token:create` would; returns the Authorization header for it. */
export async function bearer(
  db: Db,
  scope: TokenScope,
  name = `${scope} test token`,
): Promise<{ authorization: string; prefix: string }> {
  const { token, prefix, secretHash } = generateToken();
  await insertToken(db, { name, prefix, secretHash, scope });
  return { authorization: `Bearer ${token}`, prefix };
}
