import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import type { Plugin } from "graphql-yoga";

export interface PersistedOperations {
  /** off: any operation; allow: persisted ids or documents; only: persisted ids alone. */
  mode: "off" | "allow" | "only";
  /** sha256 of a document → the document. */
  operations: Record<string, string>;
}

/** Persisted operations, refused with 400 and codes that say what to do. */
export function usePersisted(persisted: PersistedOperations): Plugin[] {
  if (persisted.mode === "off") return [];
  const refusal = (code: string, message: string) => ({
    message,
    extensions: { code, http: { status: 400 } },
  });
  return [
    usePersistedOperations({
      getPersistedOperation: (id: string) => persisted.operations[id] ?? null,
      allowArbitraryOperations: persisted.mode === "allow",
      // The plugin's defaults answer 200 with codes that do not say what to do.
      customErrors: {
        persistedQueryOnly: refusal(
          "PERSISTED_QUERY_ONLY",
          "This server runs persisted operations only: send extensions.persistedQuery.sha256Hash instead of a query.",
        ),
        notFound: refusal("PERSISTED_QUERY_NOT_FOUND", "No persisted operation has this id."),
        keyNotFound: refusal(
          "PERSISTED_QUERY_ID_REQUIRED",
          "Send a query, or a persisted operation id in extensions.persistedQuery.",
        ),
      },
    }),
  ];
}
