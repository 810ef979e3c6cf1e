import { defineConfig } from "drizzle-kit";

// Every table lives in a `table.ts` beside the code that owns it (src/content/<type>/table.ts,
// src/read/table.ts, src/auth/table.ts, src/webhooks/table.ts). Generation and
// `drizzle-kit check` need no database; migrations are applied by the app itself.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/**/table.ts",
  out: "./schema/migrations",
  strict: true,
  verbose: true,
});
