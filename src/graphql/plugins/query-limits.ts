import { maxAliasesPlugin } from "@escape.tech/graphql-armor-max-aliases";
import { maxDirectivesPlugin } from "@escape.tech/graphql-armor-max-directives";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import type { GraphQLArmorRejectCallback } from "@escape.tech/graphql-armor-types";
import { createComplexityRule } from "@pothos/plugin-complexity";
import { type DocumentNode, GraphQLError, validate } from "graphql";
import type { Plugin } from "graphql-yoga";
import { tooComplex } from "../../errors.js";
import { QUERY_LIMITS } from "../limits.js";
import { memoByOperation } from "../operation-memo.js";
import { operationOf, visitFields } from "../operations.js";

/** Re-report a GraphQL Armor rejection under our code (its own errors carry none). */
function rejectAs(kind: string, limit: number): GraphQLArmorRejectCallback {
  return (ctx, error) => {
    const measured = Number(/found (\d+)/.exec(error.message)?.[1]) || undefined;
    const mapped = tooComplex(kind, limit, measured);
    if (ctx) ctx.reportError(mapped);
    else throw mapped;
  };
}

/**
 * graphql-js gives up on very wide documents with a bare "Validation aborted." (its
 * overlapping-fields budget): count the fields first, so that the answer names our limit.
 */
function breadthFirst(): Plugin {
  return {
    onValidate({ params, context, setResult }) {
      const operationName = (context as { params?: { operationName?: string } }).params
        ?.operationName;
      const limit = QUERY_LIMITS.breadth;
      const cap = limit * 10;
      const fields = fieldsSelected(params.documentAST, operationName, cap);
      if (fields <= limit) return;
      const measured = fields > cap ? undefined : fields;
      const message = `Query breadth ${measured ?? `over ${cap}`} exceeds the limit of ${limit}.`;
      setResult([tooComplex("breadth", limit, measured, message)]);
    },
  };
}

/** What Pothos' calculator measured of each operation, and the errors it found otherwise. */
interface Measured {
  operations: { depth: number; breadth: number; complexity: number }[];
  errors: readonly GraphQLError[];
}

/**
 * Depth, breadth and cost by Pothos' calculator: page sizes multiply the cost of what they
 * select, so it depends on the variables (and on nothing else: our complexity functions read
 * only arguments), and it is measured once per document and variables.
 */
const measure = memoByOperation((args): Measured => {
  const operations: Measured["operations"] = [];
  const errors = validate(args.schema, args.document, [
    createComplexityRule({
      context: {},
      variableValues: (args.variableValues ?? {}) as Record<string, unknown>,
      operationName: args.operationName ?? undefined,
      validate: (result) => {
        operations.push({ ...result });
      },
    }),
  ]);
  return { operations, errors };
});

/**
 * Depth, breadth and cost of the operation about to execute. The cost limit holds for the
 * request as a whole: a batch's operations draw on one budget (five operations of thirty
 * searches each are one request's work, not five).
 */
function costPerRequest(): Plugin {
  const spent = new WeakMap<Request, number>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const request = (args.contextValue as { request?: Request }).request;
      const measured = measure(args);
      const errors: GraphQLError[] = [...measured.errors];
      for (const result of measured.operations) {
        const over = (["depth", "breadth", "complexity"] as const).filter(
          (kind) => result[kind] > QUERY_LIMITS[kind],
        );
        for (const kind of over) errors.push(tooComplex(kind, QUERY_LIMITS[kind], result[kind]));
        if (over.length > 0 || !request) continue;
        // Refused operations do not run, so they spend nothing.
        const total = (spent.get(request) ?? 0) + result.complexity;
        if (total > QUERY_LIMITS.complexity) errors.push(batchTooComplex(total));
        else spent.set(request, total);
      }
      // Besides our limits, the rule reports variables that do not coerce: a request error,
      // which the GraphQL-over-HTTP spec answers with 400 (Yoga would send 200).
      if (errors.length > 0) setResultAndStopExecution({ errors: errors.map(asRequestError) });
    },
  };
}

/**
 * Every limit a document is held to, checked before anything runs: tokens while parsing,
 * aliases and directives while validating (GraphQL Armor), then breadth, and depth, breadth
 * and cost for the operation about to execute.
 */
export function useQueryLimits(): Plugin[] {
  const armor = { propagateOnRejection: false };
  const { tokens, aliases, directives } = QUERY_LIMITS;
  return [
    maxTokensPlugin({ n: tokens, ...armor, onReject: [rejectAs("tokens", tokens)] }),
    maxAliasesPlugin({
      n: aliases,
      allowList: [],
      ...armor,
      onReject: [rejectAs("aliases", aliases)],
    }),
    maxDirectivesPlugin({
      n: directives,
      ...armor,
      onReject: [rejectAs("directives", directives)],
    }),
    breadthFirst(),
    costPerRequest(),
  ];
}

/**
 * Fields the chosen operation selects, fragments expanded (what Pothos calls breadth), counted
 * only up to just past `cap` since nested fragments can multiply without bound.
 */
function fieldsSelected(
  document: DocumentNode,
  operationName: string | undefined,
  cap: number,
): number {
  const operation = operationOf(document, operationName || undefined);
  let count = 0;
  if (operation)
    visitFields(document, operation.selectionSet, () => {
      count++;
      return count > cap ? "stop" : "descend";
    });
  return count;
}

function batchTooComplex(total: number) {
  const limit = QUERY_LIMITS.complexity;
  const message = `The batch's operations together cost ${total}, over the limit of ${limit} for one request.`;
  return tooComplex("complexity", limit, total, message);
}

function asRequestError(error: GraphQLError): GraphQLError {
  if (error.extensions?.http) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error.originalError,
    extensions: { code: "BAD_USER_INPUT", ...error.extensions, http: { status: 400 } },
  });
}
