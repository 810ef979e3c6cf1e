/** What the drivers' errors mean: SQLSTATE and constraint, or a lost connection. */
/** SQLSTATE and constraint of a Postgres error, from either driver, through Drizzle's wrapping. */
export function pgErrorOf(
  error: unknown,
): { code: string; constraint?: string; message: string } | null {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const o = e as {
      code?: unknown;
      constraint?: string;
      constraint_name?: string;
      message?: string;
      cause?: unknown;
    };
    if (typeof o.code === "string" && /^[0-9A-Z]{5}$/.test(o.code)) {
      return {
        code: o.code,
        constraint: o.constraint ?? o.constraint_name,
        message: o.message ?? "",
      };
    }
    e = o.cause;
  }
  return null;
}

export const PG = {
  uniqueViolation: "23505",
  foreignKeyViolation: "23503",
  checkViolation: "23514",
  undefinedTable: "42P01",
  invalidSchemaName: "3F000",
} as const;

/** Errors of a lost or unreachable database connection (postgres.js codes and socket errors). */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08003",
  "08006",
]);

export function isConnectionError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === "object" && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
    e =
      (e as { cause?: unknown; originalError?: unknown }).cause ??
      (e as { originalError?: unknown }).originalError;
  }
  return false;
}
