import SchemaBuilder from "@pothos/core";
import ComplexityPlugin from "@pothos/plugin-complexity";
import ErrorsPlugin from "@pothos/plugin-errors";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import SimpleObjectsPlugin from "@pothos/plugin-simple-objects";
import { clientError, forbidden, tokenRequired } from "../errors.js";
import { decodeId, encodeId } from "../read/ids.js";
import type { Stream } from "../read/urls.js";
import type { NodeTypeName } from "../registry.js";
import type { Context } from "./context.js";
import { failedScope } from "./scopes.js";

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: string; Output: string };
  };
  AuthScopes: { editor: boolean; admin: boolean };
  /** Every connection can count its whole result, lazily (only when asked). */
  Connection: { totalCount: () => Promise<number>; feedStream?: Stream };
}>({
  // Scope auth first, errors before anything that wraps resolvers (Pothos' advice).
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, SimpleObjectsPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({
      editor: ctx.viewer.kind === "editor",
      admin: ctx.viewer.kind === "editor" && ctx.viewer.scopes.has("admin"),
    }),
    // Without a token, useTokenRequired has already refused the request as a whole; this is
    // its backstop (a guard it could not see before running), with the same answer.
    unauthorizedError: (_parent, ctx, _info, { failure }) => {
      if (ctx.viewer.kind !== "editor") return tokenRequired();
      const scope = failedScope(failure);
      return scope
        ? forbidden(scope, [...ctx.viewer.scopes])
        : clientError("FORBIDDEN", "Your API token does not have the scope this needs.");
    },
  },
  errors: {
    defaultTypes: [],
    // CreateIssueSuccess / CreateIssueResult rather than MutationCreateIssue…
    defaultResultOptions: {
      name: ({ fieldName }) => `${fieldName[0]?.toUpperCase()}${fieldName.slice(1)}Success`,
    },
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName[0]?.toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    // Query.node is ours (types/node.ts): malformed ids are errors, hidden ones null.
    nodesQueryOptions: false,
    nodeQueryOptions: false,
    // Values reaching a Node or Content field carry their GraphQL type name.
    nodeTypeOptions: {
      resolveType: (value) => (value as { __typename: string }).__typename,
    },
    // The connection field's page size already multiplies its selection; edges must not again.
    edgesFieldOptions: { complexity: { field: 0, multiplier: 1 } },
    encodeGlobalID: (typename, id) => encodeId(typename as NodeTypeName, Number(id)),
    decodeGlobalID: (globalID) => {
      const { type, id } = decodeId(globalID);
      return { typename: type, id: String(id) };
    },
  },
  // Costs are declared per field; the limits are enforced per request by useQueryLimits(),
  // so the plugin's own per-resolver check stays off.
  complexity: { defaultComplexity: 1, defaultListMultiplier: 5, disabled: true },
});

/** Complexity of a connection field: its page size multiplies its selection. */
export function pageComplexity(args: { first?: number | null; last?: number | null }) {
  return { field: 1, multiplier: Math.max(1, Math.min(args.first ?? args.last ?? 20, 100)) };
}

builder.globalConnectionField("totalCount", (t) =>
  t.int({
    description: "How many entries the whole list holds, across all pages.",
    complexity: 5,
    resolve: (connection) => connection.totalCount(),
  }),
);

/** The field builder of an input type: shared field sets of a create input and its patch. */
export type InputFields = Parameters<Parameters<typeof builder.inputType>[1]["fields"]>[0];

/** The builder's schema types, for helpers generic over the refs they build. */
export type BuilderTypes = typeof builder.$inferSchemaTypes;
