import type { Plugin } from "graphql-yoga";

/** GraphiQL is one self-contained page: inline scripts, blob workers, same-origin calls only. */
const GRAPHIQL_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'";
/**
 * The /admin app: its own files only, no inline script or style, no eval; images anywhere over
 * https (rendered Markdown previews show the entry's pictures); forms post only to itself.
 */
const ADMIN_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/** Everything else is data (JSON, XML, calendars): nothing in it may run. */
const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers every response carries. HSTS only when the API is served over https (PUBLIC_URL),
 * so a plain-http development server is not pinned.
 */
export function securityHeaders(
  contentType: string | null,
  https: boolean,
  admin = false,
): Readonly<Record<string, string>> {
  const html = contentType?.startsWith("text/html") ?? false;
  return SETS[`${html && admin ? "admin" : html}|${https}`] as Record<string, string>;
}

function headerSet(html: boolean | "admin", https: boolean): Readonly<Record<string, string>> {
  return Object.freeze({
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    // Feeds and answers are meant to be read by other sites (syndication, frontends).
    "cross-origin-resource-policy": "cross-origin",
    "content-security-policy": html === "admin" ? ADMIN_CSP : html ? GRAPHIQL_CSP : DATA_CSP,
    ...(https ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  });
}

/** Computed once: they are sent on every response. */
const SETS: Record<string, Readonly<Record<string, string>>> = {
  "true|true": headerSet(true, true),
  "true|false": headerSet(true, false),
  "false|true": headerSet(false, true),
  "false|false": headerSet(false, false),
  "admin|true": headerSet("admin", true),
  "admin|false": headerSet("admin", false),
};

const ADMIN_PATH = /^[a-z]+:\/\/[^/]+\/admin(?:[/?#]|$)/i;

export function useSecurityHeaders(options: { https: boolean }): Plugin {
  return {
    onResponse({ request, response }) {
      const h = response.headers;
      const admin = ADMIN_PATH.test(request.url);
      const extra = securityHeaders(h.get("content-type"), options.https, admin);
      for (const [name, value] of Object.entries(extra)) h.set(name, value);
    },
  };
}
