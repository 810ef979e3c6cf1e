import { clientError } from "../errors.js";

/** [start, end) of a "YYYY-MM" month in UTC; a clear error (naming `argName`) for anything else. */
export function monthRange(month: string, argName = "month"): { from: Date; until: Date } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m)
    throw clientError(
      "BAD_USER_INPUT",
      `"${argName}" must be a month "YYYY-MM", got ${JSON.stringify(month)}.`,
      { argumentName: argName },
    );
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  if (year < 1)
    throw clientError("BAD_USER_INPUT", `"${argName}" must be a month in years 0001–9999.`, {
      argumentName: argName,
    });
  // Date.UTC maps years 0–99 onto 1900–1999; setUTCFullYear keeps them literal.
  const at = (y: number, mi: number) => {
    const d = new Date(Date.UTC(2000, mi, 1));
    d.setUTCFullYear(y, mi, 1);
    return d;
  };
  // December 9999 ends at the last instant a DateTime can name, not in year 10000 (which
  // Date would print as "+010000-…", a form Postgres does not read).
  const until =
    year === 9999 && index === 11
      ? new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999))
      : at(year, index + 1);
  return { from: at(year, index), until };
}
