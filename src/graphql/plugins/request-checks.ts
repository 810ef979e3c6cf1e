import type { Plugin } from "graphql-yoga";
import { badRequest } from "../../errors.js";

/**
 * Request-level checks Yoga leaves open, each a 400 with a code instead of a 500 or a
 * silent 200:
 * - GET parameters `variables`/`extensions` that are not JSON objects (Yoga throws);
 * - an empty batch `[]` (nothing to execute).
 */
export function useRequestChecks(graphqlEndpoint: string): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (request.method !== "GET" || url.pathname !== graphqlEndpoint) return;
      for (const name of ["variables", "extensions"]) {
        const raw = url.searchParams.get(name);
        if (raw == null) continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          parsed = undefined;
        }
        if (parsed !== null && (typeof parsed !== "object" || Array.isArray(parsed))) {
          endResponse(
            new Response(
              JSON.stringify({
                errors: [
                  {
                    message: `"${name}" must be a JSON object.`,
                    extensions: { code: "BAD_REQUEST" },
                  },
                ],
              }),
              {
                status: 400,
                headers: { "content-type": "application/json; charset=utf-8" },
              },
            ),
          );
          return;
        }
      }
    },
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) && result.length === 0) {
        setResult({ errors: [badRequest("The batch is empty: send at least one operation.")] });
      }
    },
  };
}
