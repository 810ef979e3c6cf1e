/**
 * The operator's token commands (create, list, revoke), one implementation for the CLI on its
 * own database and for the running server's control socket (src/control/).
 */
import { z } from "zod";
import type { Db } from "../db/client.js";
import { insertToken, listTokens, revokeTokens } from "./store.js";
import { generateToken } from "./tokens.js";

const name = z.string().trim().min(1, "--name is required").max(200);

export const TokenCommand = z.discriminatedUnion("op", [
  z.object({ op: z.literal("create"), name, scope: z.enum(["editor", "admin"]) }),
  z.object({ op: z.literal("list") }),
  z.object({
    op: z.literal("revoke"),
    prefix: z.string().trim().min(1).optional(),
    name: name.optional(),
  }),
]);
export type TokenCommand = z.infer<typeof TokenCommand>;

export interface TokenSummary {
  prefix: string;
  scope: string;
  name: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export type TokenResult =
  | { op: "create"; token: string; prefix: string; scope: string; name: string }
  | { op: "list"; tokens: TokenSummary[] }
  | { op: "revoke"; revoked: number };

export async function runTokenCommand(
  db: Db,
  command: TokenCommand,
  now: Date,
): Promise<TokenResult> {
  switch (command.op) {
    case "create": {
      const { token, prefix, secretHash } = generateToken();
      await insertToken(db, { name: command.name, prefix, secretHash, scope: command.scope });
      return { op: "create", token, prefix, scope: command.scope, name: command.name };
    }
    case "list": {
      const rows = await listTokens(db);
      const tokens = rows.map((t) => ({
        prefix: t.prefix,
        scope: t.scope,
        name: t.name,
        revokedAt: t.revokedAt?.toISOString() ?? null,
        lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      }));
      return { op: "list", tokens };
    }
    case "revoke": {
      if (!command.prefix && !command.name) throw new Error("--prefix or --name is required");
      const revoked = await revokeTokens(db, command, now);
      return { op: "revoke", revoked };
    }
  }
}
