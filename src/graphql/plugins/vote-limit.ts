import {
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
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

/**
 * How many castVote fields the operation about to run holds: aliases count once each, and
 * fields reached through fragment spreads or inline fragments count too.
 */
function votesIn(operation: OperationDefinitionNode | undefined, document: DocumentNode): number {
  if (operation?.operation !== "mutation") return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  const seen = new Set<string>();
  const count = (set: SelectionSetNode): number => {
    let n = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) n += s.name.value === "castVote" ? 1 : 0;
      else if (s.kind === Kind.INLINE_FRAGMENT) n += count(s.selectionSet);
      else {
        const fragment = fragments.get(s.name.value);
        // Validation rejects fragment cycles; the guard only keeps this walk finite.
        if (fragment && !seen.has(fragment.name.value)) {
          seen.add(fragment.name.value);
          n += count(fragment.selectionSet);
          seen.delete(fragment.name.value);
        }
      }
    }
    return n;
  };
  return count(operation.selectionSet);
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
      const votes = votesIn(operation, args.document);
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
