import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // graphql 16 ships .mjs and .js entry points; under vitest both would load ("another realm").
    alias: { graphql: fileURLToPath(new URL("./node_modules/graphql/index.js", import.meta.url)) },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/helpers/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // CI reads the counts from this file to print its closing line.
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
