import { GraphQLError } from "graphql";

/** Machine-readable codes of expected client errors (extensions.code). */
export type ClientErrorCode =
  | "BAD_USER_INPUT"
  | "BAD_CURSOR"
  | "BAD_ID"
  | "PAGE_SIZE_OUT_OF_RANGE"
  | "QUERY_TOO_COMPLEX"
  | "UNAUTHENTICATED"
  | "FORBIDDEN";

/** An expected failure caused by the request; shown to the client as is (never masked). */
export function clientError(
  code: ClientErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}
