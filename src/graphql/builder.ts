import SchemaBuilder from "@pothos/core";
import ComplexityPlugin from "@pothos/plugin-complexity";
import ErrorsPlugin from "@pothos/plugin-errors";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import SimpleObjectsPlugin from "@pothos/plugin-simple-objects";
import { GraphQLError, Kind } from "graphql";
import type { Context } from "../context.js";
import type { Stream } from "../feeds/streams.js";
import { decodeId, encodeId, type NodeTypeName } from "./ids.js";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

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
    unauthorizedError: (_parent, ctx) =>
      ctx.viewer.kind === "editor"
        ? new GraphQLError("Your API token does not have the scope this needs.", {
            extensions: { code: "FORBIDDEN" },
          })
        : new GraphQLError("This needs an editor API token: send Authorization: Bearer <token>.", {
            extensions: { code: "UNAUTHENTICATED" },
          }),
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
  // Costs are declared per field; the limits are enforced per request by useQueryLimits().
  complexity: { defaultComplexity: 1, defaultListMultiplier: 5 },
});

builder.scalarType("DateTime", {
  description: "An instant, as ISO 8601 with offset (e.g. 2010-04-13T10:00:00.000Z).",
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    if (typeof value !== "string") throw new GraphQLError("DateTime must be an ISO 8601 string.");
    return parseInstant(value);
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError("DateTime must be an ISO 8601 string.");
    return parseInstant(ast.value);
  },
});

builder.scalarType("Date", {
  description: "A calendar date, YYYY-MM-DD.",
  serialize: (value) => value,
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : null),
});

/** True when year-month-day names a real calendar day in years 0001–9999 (no 2010-02-30). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function parseInstant(value: string): Date {
  // Require a zone so that an instant never depends on the server's time zone, and a real
  // calendar day, since Date would silently roll 2010-02-30 over to March.
  const m = ISO_INSTANT.exec(value);
  if (!m || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new GraphQLError(
      `Invalid DateTime ${JSON.stringify(value)}: expected ISO 8601 with offset, e.g. "2010-04-07T09:00:00Z".`,
    );
  }
  const date = new Date(value);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999)
    throw new GraphQLError(`Invalid DateTime ${JSON.stringify(value)}: out of range.`);
  return date;
}

function parseDate(value: unknown): string {
  const m = typeof value === "string" ? ISO_DATE.exec(value) : null;
  if (!m || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new GraphQLError(`Invalid Date ${JSON.stringify(value)}: expected YYYY-MM-DD.`);
  }
  return m[0];
}

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
