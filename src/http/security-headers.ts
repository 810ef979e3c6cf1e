import type { Plugin } from "graphql-yoga";

/** GraphiQL is one self-contained page: inline scripts, blob workers, same-origin calls only. */
const GRAPHIQL_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'";
/** Everything else is data (JSON, XML, calendars): nothing in it may run. */
const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers every response carries. HSTS only when the API is served over https (PUBLIC_URL),
 * so a plain-http development server is not pinned.
 */
export function useSecurityHeaders(options: { https: boolean }): Plugin {
  return {
    onResponse({ response }) {
      const h = response.headers;
      h.set("x-content-type-options", "nosniff");
      h.set("referrer-policy", "no-referrer");
      h.set("x-frame-options", "DENY");
      // Feeds and answers are meant to be read by other sites (syndication, frontends).
      h.set("cross-origin-resource-policy", "cross-origin");
      const html = h.get("content-type")?.startsWith("text/html") ?? false;
      h.set("content-security-policy", html ? GRAPHIQL_CSP : DATA_CSP);
      if (options.https) h.set("strict-transport-security", "max-age=31536000; includeSubDomains");
    },
  };
}
