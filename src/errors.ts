/**
 * The error vocabulary: every failure a client or operator is told about, with its stable code.
 *
 * - Expected failures of a write (InputError, ConflictError, NotFoundError) are typed results
 *   in the schema (ValidationError, ConflictError, NotFoundError: src/graphql/errors.ts).
 * - Request errors (bad arguments, ids, cursors, limits, credentials, an unavailable database)
 *   are GraphQL errors with `extensions.code` and, where HTTP should say so, a status.
 * - Anything else is unexpected and masked as "Unexpected error." by Yoga.
 */
import { GraphQLError } from "graphql";

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

/** Expected failure: the webhook is switched off, so nothing may be sent to it now. */
export class WebhookDisabledError extends Error {
  constructor(readonly webhookId: string) {
    super(
      `Webhook ${webhookId} is disabled: switch it on with updateWebhook(input: { id: "${webhookId}", active: true }) first.`,
    );
    this.name = "WebhookDisabledError";
  }
}

/** A write named something (person, tag, event…) that does not exist; becomes a field error. */
export class UnknownReferenceError extends Error {
  constructor(
    readonly kind: string,
    readonly keys: string[],
    /** The input field that named them, when the kind alone does not say (a byline's people). */
    readonly field?: string[],
  ) {
    super(`unknown ${kind}: ${keys.join(", ")}`);
    this.name = "UnknownReferenceError";
  }
}

/**
 * Once votes are counted, a poll's options keep their labels (a vote is for an answer):
 * they may be reordered or get other images, not be added, removed or renamed.
 */
export class OptionsLockedError extends Error {
  constructor(
    readonly votes: number,
    added: readonly string[] = [],
    removed: readonly string[] = [],
  ) {
    const change = [
      added.length ? `new: ${added.map((l) => JSON.stringify(l)).join(", ")}` : "",
      removed.length ? `gone: ${removed.map((l) => JSON.stringify(l)).join(", ")}` : "",
    ]
      .filter(Boolean)
      .join("; ");
    super(
      `The poll has ${votes} votes: its options keep their labels (they may be reordered, not added, removed or renamed)${change ? ` (${change})` : ""}.`,
    );
    this.name = "OptionsLockedError";
  }
}

/**
 * A problem with an archive or its target that the operator can fix (wrong file, newer
 * version, non-empty database): the CLI prints its message alone, without a stack.
 */
export class ArchiveError extends Error {
  override name = "ArchiveError";
}

/** Machine-readable codes of request errors (extensions.code). */
export type ErrorCode =
  | "BAD_REQUEST"
  | "BAD_USER_INPUT"
  | "BAD_CURSOR"
  | "BAD_ID"
  | "PAGE_SIZE_OUT_OF_RANGE"
  | "QUERY_TOO_COMPLEX"
  | "PAYLOAD_TOO_LARGE"
  | "PERSISTED_QUERY_ONLY"
  | "PERSISTED_QUERY_NOT_FOUND"
  | "PERSISTED_QUERY_ID_REQUIRED"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "RATE_LIMITED"
  | "UNAVAILABLE";

type Extensions = Record<string, unknown> & {
  http?: { status: number; headers?: Record<string, string> };
};

/** A request error with its code (and extra extensions); shown to the client as is. */
export function clientError(code: ErrorCode, message: string, extra: Extensions = {}) {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/** 400: the request itself is malformed. */
export const badRequest = (message: string) =>
  clientError("BAD_REQUEST", message, { http: { status: 400 } });

/** 401 with a reason the client can act on. */
export const unauthenticated = (message: string) =>
  clientError("UNAUTHENTICATED", message, {
    http: { status: 401, headers: { "www-authenticate": 'Bearer realm="editor"' } },
  });

/**
 * A guarded field asked for without an API token: refused as a bad token is (401), so that
 * a client has one rule to follow, whether its token is missing or wrong.
 */
export const tokenRequired = () =>
  unauthenticated("This needs an editor API token: send Authorization: Bearer <token>.");

/** A field error (the rest of the answer stands): the token lacks the scope this field needs. */
export const forbidden = (requiredScope: string, held: readonly string[]) =>
  clientError(
    "FORBIDDEN",
    `This needs an API token with the "${requiredScope}" scope; yours has ${held.map((s) => `"${s}"`).join(", ")}.`,
    { requiredScope },
  );

/** 503: the database is unreachable (or the server still starting); try again shortly. */
export const unavailable = (
  message = "The database is temporarily unavailable; try again shortly.",
) =>
  clientError("UNAVAILABLE", message, { http: { status: 503, headers: { "retry-after": "2" } } });

/** 429 with Retry-After. */
export const rateLimited = (retryAfterS: number) =>
  clientError("RATE_LIMITED", `Too many votes from your address; try again in ${retryAfterS} s.`, {
    retryAfter: retryAfterS,
    http: { status: 429, headers: { "retry-after": String(retryAfterS) } },
  });

/** 429 / 503: no more live-update streams for this client, or on this instance. */
export const tooManySubscriptions = (scope: "client" | "instance", limit: number) =>
  scope === "client"
    ? clientError(
        "RATE_LIMITED",
        `Your address already holds ${limit} live subscriptions, the most one client may; close one first.`,
        { limit, http: { status: 429, headers: { "retry-after": "30" } } },
      )
    : clientError(
        "UNAVAILABLE",
        `This server already holds ${limit} live subscriptions, the most it serves; try again shortly.`,
        { limit, http: { status: 503, headers: { "retry-after": "30" } } },
      );

/** 400: a query over one of the limits, naming the limit and what was measured. */
export const tooComplex = (
  kind: string,
  limit: number,
  measured: number | undefined,
  message = `Query ${kind} ${measured ?? ""} exceeds the limit of ${limit}.`.replace("  ", " "),
) =>
  clientError("QUERY_TOO_COMPLEX", message, {
    kind,
    limit,
    ...(measured === undefined ? {} : { measured }),
    http: { status: 400 },
  });

/** 413 as a whole GraphQL-over-HTTP body (also written straight to a socket). */
export function tooLargeBody(limit: number): string {
  return JSON.stringify({
    errors: [
      {
        message: `The request body is larger than ${limit} bytes.`,
        extensions: { code: "PAYLOAD_TOO_LARGE", limit },
      },
    ],
  });
}
