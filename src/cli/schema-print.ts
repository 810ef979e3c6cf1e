// npm run schema:print — rewrite the committed SDL (readers' and editors') from the code-first schema.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Audience } from "../graphql/audiences.js";
import { printedSchema, SCHEMA_FILES } from "../schema.js";

for (const audience of ["readers", "editors"] as const satisfies readonly Audience[]) {
  const target = fileURLToPath(new URL(`../../${SCHEMA_FILES[audience]}`, import.meta.url));
  writeFileSync(target, printedSchema(audience));
  process.stderr.write(`wrote ${target}\n`);
}
