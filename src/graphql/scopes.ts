/**
 * Which API token scope a guarded part of the schema needs: read from what the fields and
 * types declare (`authScopes`, Pothos' scope-auth plugin), before an operation runs, and
 * from a refusal's failure, after.
 */
import { type AuthFailure, AuthScopeFailureType } from "@pothos/plugin-scope-auth";
import { getNamedType } from "graphql";
import type { SelectedField } from "./operations.js";

/** The scopes a field or type declares as a plain `{ scope: true }` map; none for a function. */
function declared(extensions: { pothosOptions?: unknown } | undefined): string[] {
  const scopes = (extensions?.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes;
  if (!scopes || typeof scopes !== "object") return [];
  return Object.entries(scopes)
    .filter(([, on]) => on === true)
    .map(([scope]) => scope);
}

/**
 * The scopes a selected field needs: its own, its type's (Webhook…), and the type it is
 * selected on (reached through an interface). Empty: public.
 */
export function scopesNeeded({ field, parent }: SelectedField): string[] {
  const type = getNamedType(field.type);
  return [field, type, parent].flatMap((part) => declared(part.extensions));
}

/** The scope a refusal names: the first one that failed. */
export function failedScope(failure: AuthFailure): string | null {
  switch (failure.kind) {
    case AuthScopeFailureType.AuthScope:
    case AuthScopeFailureType.GrantedScope:
      return failure.scope;
    case AuthScopeFailureType.AnyAuthScopes:
    case AuthScopeFailureType.AllAuthScopes:
      for (const inner of failure.failures) {
        const scope = failedScope(inner);
        if (scope) return scope;
      }
      return null;
    default:
      return null;
  }
}
