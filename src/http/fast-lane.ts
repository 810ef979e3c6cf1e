import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { CLIENT_GONE, type FastAnswer, type Route } from "../feature.js";
import { securityHeaders } from "./security-headers.js";

export interface FastLane {
  /**
   * Answer from a cache when possible (true), else leave the request to the app (false);
   * synchronous when the route's answer is (feeds), a promise when a body must be read first.
   */
  serve(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean>;
  /** Answers served here, by route name (for tests and curiosity). */
  readonly served: Record<string, number>;
}

/**
 * Cache hits answered at node:http, before the Fetch-API request, Yoga's pipeline and its
 * plugins: the same bytes and headers the full path sends for the same hit (tests compare
 * the two), at a fraction of the cost. Routes offer their hits (`Route.fast`); anything the
 * lane is not sure about — cross-origin requests (CORS), misses — takes the full path.
 */
export function createFastLane(routes: readonly Route[], https: boolean): FastLane {
  const fast = routes.filter((r) => r.fast);
  const served: Record<string, number> = Object.fromEntries(fast.map((r) => [r.name, 0]));
  // Routes keep their answers for as long as they are valid: the security headers are added
  // once per answer, not once per request.
  const finished = new WeakMap<FastAnswer, Record<string, string>>();
  const write = (res: ServerResponse, route: Route, answer: FastAnswer | null): boolean => {
    if (!answer) return false;
    if (answer === CLIENT_GONE) {
      res.destroy();
      return true;
    }
    let headers = finished.get(answer);
    if (!headers) {
      const security = securityHeaders(answer.headers["content-type"] ?? null, https);
      headers = { ...answer.headers, ...security };
      finished.set(answer, headers);
    }
    served[route.name] = (served[route.name] ?? 0) + 1;
    res.writeHead(answer.status, headers);
    res.end(answer.body);
    return true;
  };
  return {
    served,
    serve(req, res) {
      if (req.headers.origin !== undefined) return false;
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const path = q < 0 ? url : url.slice(0, q);
      const route = fast.find((r) => r.matches(path));
      if (!route?.fast) return false;
      const answer = route.fast(req, path);
      if (answer instanceof Promise) return answer.then((a) => write(res, route, a));
      return write(res, route, answer);
    },
  };
}

/** Put the lane in front of a request listener. */
export function withFastLane(lane: FastLane, next: RequestListener): RequestListener {
  return (req, res) => {
    let outcome: boolean | Promise<boolean>;
    try {
      outcome = lane.serve(req, res);
    } catch {
      outcome = false;
    }
    if (outcome === true) return;
    if (outcome === false) {
      if (!res.headersSent) next(req, res);
      return;
    }
    outcome.then(
      (done) => {
        if (!done) next(req, res);
      },
      () => {
        if (!res.headersSent) next(req, res);
      },
    );
  };
}
