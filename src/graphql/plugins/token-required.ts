import type { Plugin } from "graphql-yoga";
import { tokenRequired } from "../../errors.js";
import type { Context } from "../context.js";
import { memoByOperation, type OperationArgs } from "../operation-memo.js";
import { operationOf, visitSelectedFields } from "../operations.js";
import { scopesNeeded } from "../scopes.js";

/** Does the operation select a field that needs a scope (once per document and variables)? */
const selectsGuarded = memoByOperation((args): boolean => {
  const operation = operationOf(args.document, args.operationName);
  if (!operation) return false;
  let guarded = false;
  visitSelectedFields(args.schema, args.document, operation, args.variableValues ?? {}, (s) => {
    guarded = scopesNeeded(s).length > 0;
    return guarded ? "stop" : "descend";
  });
  return guarded;
});

/** Does the operation select a field that needs a scope, while the caller holds no API token? */
function needsToken(args: OperationArgs & { contextValue: Context }): boolean {
  return args.contextValue.viewer.kind !== "editor" && selectsGuarded(args);
}

/**
 * One rule for credentials: an operation that asks for a guarded field (a write, an admin
 * read) without an API token is refused before anything runs, exactly as a bad token is
 * (401, `WWW-Authenticate`, UNAUTHENTICATED, no data), on every operation type. A token that
 * lacks a scope is a FORBIDDEN field error instead (src/graphql/builder.ts), since the caller
 * is known and the rest of the answer stands.
 */
export function useTokenRequired(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (needsToken(args)) setResultAndStopExecution({ errors: [tokenRequired()] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      if (needsToken(args)) setResultAndStopExecution({ errors: [tokenRequired()] });
    },
  };
}
