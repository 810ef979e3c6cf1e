/** The per-client vote limit: the plugin that applies a limiter before a vote executes. */
import type { DocumentNode, OperationDefinitionNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import { rateLimited } from "../../errors.js";
import type { Context } from "../../graphql/context.js";
import { operationOf, visitFields } from "../../graphql/operations.js";
import type { RateLimiter } from "../../limits/rate-limiter.js";

/**
 * How many castVote fields the operation about to run holds: aliases count once each, and
 * fields reached through fragment spreads or inline fragments count too.
 */
function votesIn(operation: OperationDefinitionNode | undefined, document: DocumentNode): number {
  if (operation?.operation !== "mutation") return 0;
  let n = 0;
  visitFields(document, operation.selectionSet, (field) => {
    if (field.name.value === "castVote") n++;
    return "skip";
  });
  return n;
}

/**
 * Per-client vote limit, checked before anything executes so a limited request costs no SQL
 * and gets a real 429 with Retry-After. Each castVote in the document takes one token, all of
 * them at once.
 */
export function useVoteRateLimit(limiter: RateLimiter): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const votes = votesIn(operationOf(args.document, args.operationName), args.document);
      if (votes === 0) return;
      const ctx = args.contextValue as Context;
      const decision = await limiter.take(ctx.client, ctx.clock(), votes);
      if (!decision.ok) setResultAndStopExecution({ errors: [rateLimited(decision.retryAfterS)] });
    },
  };
}
