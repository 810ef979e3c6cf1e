/**
 * The editors' web app at /admin (issue 18): the page and its files, and sign-in sessions.
 * The app uses only the public GraphQL API; its session counts for GraphQL only with the
 * session's CSRF secret (src/auth/viewer.ts).
 */
import type { Route } from "../feature.js";
import { adminAssets } from "./assets.js";
import { type SessionRouteOptions, sessionHandler } from "./session-routes.js";

export function installAdmin(options: SessionRouteOptions) {
  const sessions = sessionHandler(options);
  const assets = adminAssets();
  const route: Route = {
    name: "admin",
    matches: (path) => path === "/admin" || path.startsWith("/admin/"),
    async fetch(request, url) {
      return (await sessions(request, url)) ?? assets.serve(request, url.pathname);
    },
  };
  return { routes: [route], assets };
}
