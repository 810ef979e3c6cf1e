import { type DocumentNode, GraphQLError, type OperationDefinitionNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Context } from "../../context.js";
import type { RateLimiter } from "../../polls/rate-limit.js";
import { operationOf, visitFields } from "../operations.js";

export function rateLimited(retryAfterS: number): GraphQLError {
  return new GraphQLError(`Too many votes from your address; try again in ${retryAfterS} s.`, {
    extensions: {
      code: "RATE_LIMITED",
      retryAfter: retryAfterS,
      http: { status: 429, headers: { "retry-after": String(retryAfterS) } },
    },
  });
}

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
 * and gets a real 429 with Retry-After. Each castVote in the document takes one token.
 */
export function useVoteRateLimit(limiter: RateLimiter): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const votes = votesIn(operationOf(args.document, args.operationName), args.document);
      const ctx = args.contextValue as Context;
      for (let i = 0; i < votes; i++) {
        const decision = await limiter.take(ctx.client, new Date());
        if (!decision.ok) {
          setResultAndStopExecution({ errors: [rateLimited(decision.retryAfterS)] });
          return;
        }
      }
    },
  };
}
