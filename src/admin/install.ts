/**
 * The editors' web app at /admin (issue 18): the page and its files, and sign-in sessions.
 * The app uses only the public GraphQL API; its session counts for GraphQL only with the
 * session's CSRF secret (src/auth/viewer.ts).
 */
import type { Redis } from "ioredis";
import type { Route } from "../feature.js";
import { memoryRateLimiter, type RateLimit, redisRateLimiter } from "../limits/rate-limiter.js";
import { adminAssets } from "./assets.js";
import { type SessionRouteOptions, sessionHandler } from "./session-routes.js";

export interface AdminOptions extends Omit<SessionRouteOptions, "signInLimiter"> {
  /** Failed sign-ins per client address and window. */
  signInLimit: RateLimit;
  /** Shared counts across instances (absent: per process). */
  redis?: Redis;
  redisPrefix: string;
}

export function installAdmin({ signInLimit, redis, redisPrefix, ...options }: AdminOptions) {
  const signInLimiter = redis
    ? redisRateLimiter(redis, signInLimit, `${redisPrefix}:rate:admin-sign-in`)
    : memoryRateLimiter(signInLimit);
  const sessions = sessionHandler({ ...options, signInLimiter });
  const assets = adminAssets();
  const route: Route = {
    name: "admin",
    matches: (path) => path === "/admin" || path.startsWith("/admin/"),
    async fetch(request, url, req) {
      return (await sessions(request, url, req)) ?? assets.serve(request, url.pathname);
    },
  };
  return { routes: [route], assets };
}
