import { Kind, parse } from "graphql";
import type { GraphQLParams, Plugin } from "graphql-yoga";
import { badRequest } from "../../errors.js";

/**
 * Request-level checks Yoga leaves open, each a 400 with a code instead of a 500 or a
 * silent 200:
 * - GET parameters `variables`/`extensions` that are not JSON objects (Yoga throws);
 * - an empty batch `[]` (nothing to execute);
 * - a form body (`application/x-www-form-urlencoded`), which Yoga would execute: a browser
 *   sends one cross-origin without a CORS preflight, so any page could make its readers
 *   cast votes. 415, as text/plain and multipart bodies already are;
 * - a subscription inside a batch, which Yoga answers with `{}` (neither data nor errors):
 *   a subscription is its own event stream.
 */
export function useRequestChecks(graphqlEndpoint: string): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== graphqlEndpoint) return;
      if (request.method === "POST") {
        const type = request.headers.get("content-type")?.toLowerCase() ?? "";
        if (type.startsWith("application/x-www-form-urlencoded")) {
          endResponse(new Response(null, { status: 415 }));
        }
        return;
      }
      if (request.method !== "GET") return;
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
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult }) {
          if (Array.isArray(requestParserResult) && requestParserResult.some(isSubscription)) {
            throw badRequest(
              "A subscription cannot be part of a batch: send it on its own, with Accept: text/event-stream.",
            );
          }
        },
      };
    },
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) && result.length === 0) {
        setResult({ errors: [badRequest("The batch is empty: send at least one operation.")] });
      }
    },
  };
}

/** Does this operation (the named one, or the only one) subscribe? Unparsable: left to Yoga. */
function isSubscription(params: GraphQLParams): boolean {
  if (typeof params.query !== "string") return false;
  try {
    const operations = parse(params.query).definitions.filter(
      (d) => d.kind === Kind.OPERATION_DEFINITION,
    );
    const chosen = params.operationName
      ? operations.find((o) => o.name?.value === params.operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
    return chosen?.operation === "subscription";
  } catch {
    return false;
  }
}
