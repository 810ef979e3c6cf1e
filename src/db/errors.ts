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
  /** A delete refused by an ON DELETE RESTRICT reference (people named by entries). */
  restrictViolation: "23001",
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

/** PGlite's own words once closed (shutdown): as gone as a dropped connection. */
const PGLITE_CLOSED = /^PGlite is clos(ed|ing)$/;

export function isConnectionError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === "object" && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && PGLITE_CLOSED.test(message)) return true;
    e =
      (e as { cause?: unknown; originalError?: unknown }).cause ??
      (e as { originalError?: unknown }).originalError;
  }
  return false;
}

/** What stops the server from using its database, said for clients and for the operator. */
export interface DatabaseProblem {
  /** For clients and /readyz: what is wrong, without names, hosts or credentials. */
  reason:
    | "database missing"
    | "database login refused"
    | "database permission denied"
    | "database unreachable"
    | "database error";
  /** For the log: the database's or the socket's own words. */
  detail: string;
  /** For the log: what the operator can do about it. */
  hint: string;
}

/** The innermost error with a code (SQLSTATE or socket errno), through driver and Drizzle wrapping. */
function rootCause(error: unknown): { code?: string; message: string } {
  let found: { code?: string; message: string } = { message: String(error) };
  let e: unknown = error;
  for (let depth = 0; e && typeof e === "object" && depth < 6; depth++) {
    const o = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof o.message === "string") {
      found = { message: o.message, ...(typeof o.code === "string" ? { code: o.code } : {}) };
      if (typeof o.code === "string") return found;
    }
    e = o.cause;
  }
  return found;
}

/** Why the database cannot be used, for a log line with a hint and a short public reason. */
export function databaseProblem(error: unknown): DatabaseProblem {
  const { code, message } = rootCause(error);
  const is = (reason: DatabaseProblem["reason"], hint: string) => ({
    reason,
    detail: message,
    hint,
  });
  switch (code) {
    case "3D000":
      return is(
        "database missing",
        "create it (createdb <name>, or CREATE DATABASE) or point DATABASE_URL at one that exists; the server retries and comes up once it does",
      );
    case "28P01":
    case "28000":
      return is(
        "database login refused",
        "check the user and password in DATABASE_URL, and that pg_hba.conf lets this host in",
      );
    case "42501":
      return is(
        "database permission denied",
        "the DATABASE_URL user must be able to create tables in its database (migrations run at start)",
      );
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return is("database unreachable", "the host name in DATABASE_URL does not resolve");
  }
  if (isConnectionError(error)) {
    return is(
      "database unreachable",
      "start PostgreSQL, or fix the host and port in DATABASE_URL; the server retries meanwhile",
    );
  }
  return is("database error", "see detail; the server retries meanwhile");
}
