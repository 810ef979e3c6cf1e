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

/** Server-wide values every instance must share, e.g. the generated secret when APP_SECRET is unset. */
export const appSettings = pgTable("app_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
});
