import { existsSync } from "node:fs";
import { serverUrl } from "./backends.js";

declare module "vitest" {
  interface TaskMeta {
    /** Why the test did not run here; .ci/run lists every skipped test with it. */
    skipReason?: string;
  }
}

/**
 * Options for `it` or `describe` that skip it when `reason` is given, and say why in the
 * report: `it("…", skipUnless(missing.redis()), async () => …)`.
 */
export function skipUnless(...reasons: (string | null)[]) {
  const reason = reasons.filter((r): r is string => r !== null).join("; ");
  return { skip: reason !== "", meta: reason ? { skipReason: reason } : {} };
}

/** What this machine lacks for a test, as the reason to give (null: it has it). */
export const missing = {
  postgres: () => (serverUrl() ? null : "TEST_DATABASE_URL is not set (no PostgreSQL server)"),
  redis: () => (process.env.REDIS_URL ? null : "REDIS_URL is not set (no Redis)"),
  chromium: (path: string) =>
    existsSync(path) ? null : `no Chromium at ${path} (apt-get install chromium)`,
  file: (path: string, what: string) => (existsSync(path) ? null : `${what}: ${path} not found`),
};
