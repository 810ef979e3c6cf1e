/**
 * Answers that depend only on the schema, the parsed document, the operation chosen and the
 * variables (its cost, whether it needs a token) are worked out once per such combination:
 * Yoga hands every request with the same query text the same cached document, and walking
 * the front page's selections for each check on every request was a tenth of its CPU.
 */
import type { DocumentNode, GraphQLSchema } from "graphql";

/** Variable sets longer than this (a big mutation input) are not worth keeping. */
const MAX_KEY_LENGTH = 2_048;
/** Different variable sets kept per document; past it the document's entries start over. */
const MAX_PER_DOCUMENT = 64;

export interface OperationArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
}

/** The operation name and variables as text; null when too long or too deep to keep. */
function keyOf(args: OperationArgs): string | null {
  try {
    const key = `${args.operationName ?? ""}\u0000${JSON.stringify(args.variableValues ?? {})}`;
    return key.length > MAX_KEY_LENGTH ? null : key;
  } catch {
    return null; // nested past what JSON.stringify's stack allows: validation refuses it anyway
  }
}

/** `compute`, remembered per schema, document, operation name and variable values. */
export function memoByOperation<T>(
  compute: (args: OperationArgs) => T,
): (args: OperationArgs) => T {
  const bySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, T>>>();
  return (args) => {
    const key = keyOf(args);
    if (key === null) return compute(args);
    const byDocument = bySchema.get(args.schema) ?? new WeakMap<DocumentNode, Map<string, T>>();
    bySchema.set(args.schema, byDocument);
    const entries = byDocument.get(args.document) ?? new Map<string, T>();
    byDocument.set(args.document, entries);
    if (entries.has(key)) return entries.get(key) as T;
    const value = compute(args);
    if (entries.size >= MAX_PER_DOCUMENT) entries.clear();
    entries.set(key, value);
    return value;
  };
}
