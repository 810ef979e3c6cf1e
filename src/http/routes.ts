import type { IncomingMessage } from "node:http";
import type { Plugin } from "graphql-yoga";
import type { Route } from "../feature.js";

export const GRAPHQL_ENDPOINT = "/graphql";

/** GraphQL's own paths: the endpoint (and below it), and Yoga's built-in /health. */
export const graphqlRoute: Route = {
  name: "graphql",
  matches: (path) =>
    path === GRAPHQL_ENDPOINT || path.startsWith(`${GRAPHQL_ENDPOINT}/`) || path === "/health",
};

const notFound = (path: string) =>
  new Response(
    `Not found: ${path.slice(0, 200)}. This API serves /graphql, /feeds/…, /admin, /healthz and /readyz.\n`,
    {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    },
  );

/**
 * The one route table, for the full path: a route's own handler answers inside Yoga's
 * pipeline (CORS, security headers), GraphQL's paths go on to GraphQL, anything else is a
 * plain 404 that says what is served. The fast lane reads the same table (fast-lane.ts).
 */
export function useRoutes(routes: readonly Route[]): Plugin {
  return {
    async onRequest({ request, url, endResponse, serverContext }) {
      const route = routes.find((r) => r.matches(url.pathname));
      if (!route) endResponse(notFound(url.pathname));
      else if (route.fetch) {
        const { req } = (serverContext ?? {}) as { req?: IncomingMessage };
        endResponse(await route.fetch(request, url, req));
      }
    },
  };
}
