import { GraphQLError, Kind } from "graphql";
import { builder } from "./builder.js";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

builder.scalarType("DateTime", {
  description: "An instant, as ISO 8601 with offset (e.g. 2010-04-13T10:00:00.000Z).",
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    if (typeof value !== "string") throw new GraphQLError("DateTime must be an ISO 8601 string.");
    return parseInstant(value);
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError("DateTime must be an ISO 8601 string.");
    return parseInstant(ast.value);
  },
});

builder.scalarType("Date", {
  description: "A calendar date, YYYY-MM-DD.",
  serialize: (value) => value,
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : null),
});

/** True when year-month-day names a real calendar day in years 0001–9999 (no 2010-02-30). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function parseInstant(value: string): Date {
  // Require a zone so that an instant never depends on the server's time zone, and a real
  // calendar day, since Date would silently roll 2010-02-30 over to March.
  const m = ISO_INSTANT.exec(value);
  if (!m || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new GraphQLError(
      `Invalid DateTime ${JSON.stringify(value)}: expected ISO 8601 with offset, e.g. "2010-04-07T09:00:00Z".`,
    );
  }
  const date = new Date(value);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999)
    throw new GraphQLError(`Invalid DateTime ${JSON.stringify(value)}: out of range.`);
  return date;
}

function parseDate(value: unknown): string {
  const m = typeof value === "string" ? ISO_DATE.exec(value) : null;
  if (!m || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new GraphQLError(`Invalid Date ${JSON.stringify(value)}: expected YYYY-MM-DD.`);
  }
  return m[0];
}
