/**
 * Which database an operation reads, once its type is known: the context starts public
 * queries on the replica (contextOf in yoga.ts); mutations and subscriptions read the primary
 * (a mutation's payload must show its write; a subscription pushes right after a write), and a
 * query the replica failed is run again on the primary instead of answering 503.
 */
import type { ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { ReadRoute } from "../db/replica.js";
import type { Context } from "../graphql/context.js";
import { operationOf } from "../graphql/operations.js";

/** The error of a replica read worth retrying on the primary, if the result holds one. */
function replicaFailure(result: unknown, reads: ReadRoute): boolean {
  const errors = (result as ExecutionResult | null)?.errors;
  // observe() opens the replica's breaker on a connection error (every error is looked at).
  return errors?.map((e) => reads.observe(e)).some(Boolean) ?? false;
}

/** After the JIT plugin, whose executor it wraps. */
export function useReadRouting(reads: ReadRoute): Plugin<Context> {
  const toPrimary = (ctx: Context) => {
    ctx.reader = ctx.reader.on(ctx.primary);
  };
  return {
    onSubscribe({ args }) {
      toPrimary(args.contextValue);
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      const ctx = args.contextValue;
      if (operationOf(args.document, args.operationName)?.operation !== "query") {
        toPrimary(ctx);
        return;
      }
      if (ctx.reader.db === ctx.primary) return;
      setExecuteFn(async (run) => {
        const result = await executeFn(run);
        if (!replicaFailure(result, reads)) return result;
        toPrimary(ctx);
        return executeFn({ ...run, contextValue: ctx });
      });
    },
  };
}
