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
