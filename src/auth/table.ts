import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamptz } from "../db/columns.js";

export const tokenScope = pgEnum("token_scope", ["editor", "admin"]);

/** Editor API tokens. Only a SHA-256 of the secret is kept; the secret is shown once. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    name: text("name").notNull(),
    /** Public, non-secret lookup part of the token ("nca_<prefix>_<secret>"). */
    prefix: text("prefix").notNull(),
    secretHash: text("secret_hash").notNull(),
    scope: tokenScope("scope").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    lastUsedAt: timestamptz("last_used_at"),
    revokedAt: timestamptz("revoked_at"),
  },
  (t) => [
    uniqueIndex("api_tokens_prefix_key").on(t.prefix),
    index("api_tokens_name_idx").on(t.name),
    check("api_tokens_name_not_blank", sql`length(btrim(${t.name})) > 0`),
  ],
);

/**
 * Signed-in sessions of the /admin app (src/admin/session.ts). Only a SHA-256 of the session
 * id is kept; each session stands for one API token and dies with it (revoked or deleted).
 * Operational: never exported with the archive.
 */
export const adminSessions = pgTable(
  "admin_sessions",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    idHash: text("id_hash").notNull(),
    tokenId: integer("token_id")
      .notNull()
      .references(() => apiTokens.id, { onDelete: "cascade" }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    expiresAt: timestamptz("expires_at").notNull(),
  },
  (t) => [
    uniqueIndex("admin_sessions_id_hash_key").on(t.idHash),
    index("admin_sessions_token_id_idx").on(t.tokenId),
    index("admin_sessions_expires_at_idx").on(t.expiresAt),
  ],
);

/** Server-wide values every instance must share, e.g. the generated secret when APP_SECRET is unset. */
export const appSettings = pgTable("app_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
});
