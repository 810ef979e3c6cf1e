import { defineConfig } from "drizzle-kit";

// Generation and `drizzle-kit check` need no database; migrations are applied by the app itself.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/tables/*.ts",
  out: "./schema/migrations",
  strict: true,
  verbose: true,
});
