import { readFileSync } from "node:fs";
import { validateSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { printedSchema, schema } from "../../src/schema.js";

describe("GraphQL schema", () => {
  it("is valid", () => {
    expect(validateSchema(schema)).toEqual([]);
  });

  it("matches the committed schema/schema.graphql (run `npm run schema:print` after changing types)", () => {
    const committed = readFileSync(new URL("../../schema/schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(printedSchema());
  });
});
