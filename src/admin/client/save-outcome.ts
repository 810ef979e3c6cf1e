/**
 * What a create or update mutation answered, as the editors act on it: saved (with the entry
 * as stored), invalid (field errors by path), a conflict (someone saved in between), or failed.
 */
import { errorsByPath, type FieldErrors } from "./field-errors.js";

/**
 * The selection every editor's create/update result asks for, besides its success payload
 * (a ConflictError, only in update results, is known by its __typename).
 */
export const RESULT_FIELDS = `__typename ... on Error { message }
  ... on ValidationError { fieldErrors { path message code } }`;

/** A mutation's union result, its success payload already picked out as `entry`. */
export interface MutationAnswer<L> {
  __typename: string;
  message?: string;
  fieldErrors?: { path: string[]; message: string }[];
  entry?: L;
}

export type SaveOutcome<L> =
  | { kind: "saved"; entry: L }
  | { kind: "invalid"; errors: FieldErrors }
  | { kind: "conflict" }
  | { kind: "failed"; message: string };

/** The editors' one reading of a mutation's answer. */
export function saveOutcome<L>(out: MutationAnswer<L>): SaveOutcome<L> {
  if (out.entry) return { kind: "saved", entry: out.entry };
  if (out.__typename === "ValidationError") {
    return { kind: "invalid", errors: errorsByPath(out.fieldErrors ?? []) };
  }
  if (out.__typename === "ConflictError") return { kind: "conflict" };
  return { kind: "failed", message: out.message ?? out.__typename };
}
