import type { GqlResult } from "./app.js";

/** Typed result of a mutation whose payload is a union of a success and error types. */
export interface MutationPayload {
  __typename: string;
  message?: string;
  fieldErrors?: { path: string[]; message: string; code: string }[];
  currentUpdatedAt?: string;
  [field: string]: unknown;
}

/** The union fields every editorial result selects, around the success selection. */
export const ERRORS = `
  __typename
  ... on Error {
    message
    ... on ValidationError { fieldErrors { path message code } }
    ... on ConflictError { currentUpdatedAt }
  }
`;

export function payload(
  result: GqlResult<Record<string, MutationPayload>>,
  field: string,
): MutationPayload {
  if (result.errors) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  const value = result.data?.[field];
  if (!value) throw new Error(`no ${field} in ${JSON.stringify(result)}`);
  return value;
}
