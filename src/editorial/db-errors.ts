import { PG, pgErrorOf } from "../db/errors.js";
import { UnknownReferenceError } from "../db/repos/errors.js";
import { OptionsLockedError } from "../db/repos/polls/mutations.js";
import { InputError } from "../validation.js";

/** What a constraint or reference failure means to the editor, as a field error. */
const CONSTRAINTS: Record<string, { path: string[]; message: string }> = {
  issues_volume_number_key: {
    path: ["volume"],
    message: "an issue with this volume and number already exists",
  },
  content_type_slug_key: {
    path: ["slug"],
    message: "is already used by another entry of this type",
  },
  weekly_stats_week_start_key: {
    path: ["stats", "weekStart"],
    message: "stats for this week already exist",
  },
  people_slug_key: { path: ["slug"], message: "is already used by another person" },
  tags_slug_key: { path: ["slug"], message: "is already used by another tag" },
};

const REFERENCES: Record<string, string[]> = {
  tag: ["tags"],
  person: ["people"],
  event: ["resultsEvent"],
};

/**
 * Turn the database's refusals into typed validation errors under `base` (e.g. ["input"]);
 * anything else is rethrown (and masked as unexpected).
 */
export function asInputError(error: unknown, base: string[]): unknown {
  if (error instanceof InputError) return error;
  if (error instanceof OptionsLockedError)
    return InputError.of([...base, "options"], error.message, "OPTIONS_LOCKED");
  if (error instanceof UnknownReferenceError) {
    return InputError.of(
      [...base, ...(REFERENCES[error.kind] ?? [])],
      `unknown ${error.kind}: ${error.keys.join(", ")}`,
      `UNKNOWN_${error.kind.toUpperCase()}`,
    );
  }
  const pg = pgErrorOf(error);
  if (pg?.code === PG.uniqueViolation && pg.constraint && CONSTRAINTS[pg.constraint]) {
    const known = CONSTRAINTS[pg.constraint] as { path: string[]; message: string };
    return InputError.of([...base, ...known.path], known.message, "DUPLICATE");
  }
  if (pg?.code === PG.foreignKeyViolation) {
    return InputError.of(base, "refers to something that does not exist", "UNKNOWN_REFERENCE");
  }
  return error;
}
