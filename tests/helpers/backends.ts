/** Environment variable carrying this run's database-name prefix from global setup to workers. */
export const RUN_PREFIX_ENV = "NCA_TEST_RUN_PREFIX";

export type Backend = "pglite" | "postgres";

/** The real server to test against, if any. */
export function serverUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL;
  return url && url.length > 0 ? url : undefined;
}

/** PGlite always; the real server too when TEST_DATABASE_URL is set. */
export function backends(): Backend[] {
  return serverUrl() ? ["pglite", "postgres"] : ["pglite"];
}
