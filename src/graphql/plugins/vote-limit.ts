import { type DefinitionNode, GraphQLError, Kind, type OperationDefinitionNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Context } from "../../context.js";
import type { RateLimiter } from "../../polls/rate-limit.js";

export function rateLimited(retryAfterS: number): GraphQLError {
  return new GraphQLError(`Too many votes from your address; try again in ${retryAfterS} s.`, {
    extensions: {
      code: "RATE_LIMITED",
      retryAfter: retryAfterS,
      http: { status: 429, headers: { "retry-after": String(retryAfterS) } },
    },
  });
}

/** How many castVote fields the operation about to run holds (aliases count once each). */
function votesIn(operation: OperationDefinitionNode | undefined): number {
  if (operation?.operation !== "mutation") return 0;
  return operation.selectionSet.selections.filter(
    (s) => s.kind === Kind.FIELD && s.name.value === "castVote",
  ).length;
}

/**
 * Per-client vote limit, checked before anything executes so a limited request costs no SQL
 * and gets a real 429 with Retry-After. Each castVote in the document takes one token.
 */
export function useVoteRateLimit(limiter: RateLimiter): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const operation = args.document.definitions.find(
        (d: DefinitionNode): d is OperationDefinitionNode =>
          d.kind === Kind.OPERATION_DEFINITION &&
          (args.operationName == null || d.name?.value === args.operationName),
      );
      const votes = votesIn(operation);
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
