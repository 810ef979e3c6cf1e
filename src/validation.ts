import type { z } from "zod";

/** One problem with one input field: where (path from the input root), what, and a stable code. */
export interface FieldIssue {
  path: string[];
  message: string;
  code: string;
}

/** Expected failure: the input is invalid. Reported as the ValidationError result type. */
export class InputError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "));
    this.name = "InputError";
  }

  static of(path: string[], message: string, code: string): InputError {
    return new InputError([{ path, message, code }]);
  }
}

/** Expected failure: an update was based on an old version. */
export class ConflictError extends Error {
  constructor(
    message: string,
    readonly currentUpdatedAt: Date,
  ) {
    super(message);
    this.name = "ConflictError";
  }
}

/** Expected failure: the target does not exist (or is not visible to the caller). */
export class NotFoundError extends Error {
  constructor(readonly id: string) {
    super(`Nothing with id ${id}.`);
    this.name = "NotFoundError";
  }
}

/** zod's issue codes, upper-cased, plus our own refinements' codes passed as `params.code`. */
function codeOf(issue: z.core.$ZodIssue): string {
  const custom = (issue as { params?: { code?: string } }).params?.code;
  if (custom) return custom;
  switch (issue.code) {
    case "too_small":
      return "TOO_SMALL";
    case "too_big":
      return "TOO_BIG";
    case "invalid_format":
      return "INVALID_FORMAT";
    case "invalid_type":
      return "INVALID_TYPE";
    case "invalid_value":
      return "INVALID_VALUE";
    default:
      return issue.code.toUpperCase();
  }
}

/** Validate with a zod schema; every issue becomes a FieldIssue (path, message, code). */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  basePath: string[] = [],
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InputError(
    result.error.issues.map((issue) => ({
      path: [...basePath, ...issue.path.map(String)],
      message: issue.message,
      code: codeOf(issue),
    })),
  );
}
