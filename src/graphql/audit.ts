/**
 * The editorial audit trail: every mutation an editor's token makes is logged once, after it
 * ran, with the token's name, the target and the outcome. One wrapper around the Mutation
 * type's resolvers, so a mutation added later is audited without anyone remembering to.
 */
import { defaultFieldResolver, GraphQLError, type GraphQLSchema } from "graphql";
import type { FieldIssue } from "../errors.js";
import type { Context } from "./context.js";

type Args = Record<string, unknown>;

function targetOf(args: Args): string | undefined {
  const input = (args.input ?? {}) as Args;
  for (const value of [args.id, args.contentId, input.id, args.slug, input.slug]) {
    if (typeof value === "string" || typeof value === "number") return String(value);
  }
  return undefined;
}

/**
 * A typed failure comes back from Pothos' errors plugin as a proxy of the error (not an
 * instance of its class): recognised by its shape.
 */
function outcomeOf(result: unknown): string {
  const e = (result ?? {}) as { name?: unknown; message?: unknown; issues?: unknown };
  if (typeof e.name !== "string" || !e.name.endsWith("Error") || typeof e.message !== "string") {
    return "done";
  }
  if (e.name === "InputError" && Array.isArray(e.issues)) {
    const codes = (e.issues as FieldIssue[]).map((i) => i.code);
    return `refused: invalid input (${codes.join(", ")})`;
  }
  return `refused: ${e.name}`;
}

function failureOf(error: unknown): string {
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  return `failed: ${typeof code === "string" ? code : "unexpected error"}`;
}

/** Wrap every Mutation field so an editor's call is recorded through `ctx.audit`. */
export function auditMutations(schema: GraphQLSchema): void {
  const fields = schema.getMutationType()?.getFields() ?? {};
  for (const field of Object.values(fields)) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = async (root, args: Args, ctx: Context, info) => {
      if (ctx.viewer.kind !== "editor") return resolve(root, args, ctx, info);
      const record = (outcome: string) =>
        ctx.audit({ action: field.name, target: targetOf(args), outcome });
      try {
        const result = await resolve(root, args, ctx, info);
        record(outcomeOf(result));
        return result;
      } catch (error) {
        record(failureOf(error));
        throw error;
      }
    };
  }
}
