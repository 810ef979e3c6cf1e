import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("schema/migrations", () => {
  it("match the Drizzle tables: generating again yields no new migration", () => {
    // drizzle-kit only takes an --out relative to the project.
    const out = `test-results/migrations-drift-${randomBytes(4).toString("hex")}`;
    try {
      mkdirSync(join(ROOT, "test-results"), { recursive: true });
      cpSync(join(ROOT, "schema/migrations"), join(ROOT, out), { recursive: true });
      const before = readdirSync(join(ROOT, out)).sort();
      const log = execFileSync(
        join(ROOT, "node_modules/.bin/drizzle-kit"),
        ["generate", "--dialect", "postgresql", "--schema", "./src/**/table.ts", "--out", out],
        { cwd: ROOT, encoding: "utf8" },
      );
      expect(log).toContain("No schema changes");
      expect(readdirSync(join(ROOT, out)).sort(), log).toEqual(before);
    } finally {
      rmSync(join(ROOT, out), { recursive: true, force: true });
    }
  });
});
