/**
 * What a feature module (feeds, response cache, webhooks, WebSub, scheduler, polls) hands the
 * app from its one install point; src/app.ts assembles them.
 */
import type { IncomingMessage } from "node:http";
import type { Plugin } from "graphql-yoga";
import type { Context } from "./graphql/context.js";

/** A Yoga plugin of the app: plain, or reading the request context. */
export type AppPlugin = Plugin | Plugin<Context>;

/** Background work: started once migrations are applied, stopped on shutdown. */
export interface Worker {
  stop(): unknown;
}

/** Paths a feature serves itself, outside GraphQL; one table holds them all (src/http/routes.ts). */
export interface Route {
  /** What it serves, for logs and counts ("feeds", "answers", "health"…). */
  name: string;
  /** Does this route serve the path? */
  matches(pathname: string): boolean;
  /**
   * The answer through the full pipeline (CORS, security headers…); absent: GraphQL's path.
   * `req` is node:http's request when there is one (its socket says who asks).
   */
  fetch?(request: Request, url: URL, req?: IncomingMessage): Promise<Response> | Response;
  /**
   * A cached answer for the fast lane, ahead of all that (src/http/fast-lane.ts), or null to
   * take the full path; synchronous when it can be.
   */
  fast?(req: IncomingMessage, path: string): FastAnswer | null | Promise<FastAnswer | null>;
}

export interface Feature {
  /** Yoga plugins, in the order they run. */
  plugins?: AppPlugin[];
  routes?: Route[];
  /** Starts its background work (after migrations). */
  start?(): Worker;
}

/** A finished answer the fast lane writes: status, headers (the lane adds the security ones), body. */
export interface FastAnswer {
  status: number;
  headers: Record<string, string>;
  /** Null for a 304 and for HEAD. */
  body: Buffer | null;
}

/** The client went away while the lane read its body: nobody to answer. */
export const CLIENT_GONE: FastAnswer = Object.freeze({ status: 0, headers: {}, body: null });
