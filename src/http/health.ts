import type { Plugin } from "graphql-yoga";
import type { Logger } from "../logger.js";

/** Readiness probes must answer quickly even when the database hangs. */
const READY_TIMEOUT_MS = 2_000;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `/healthz`: the process is alive. `/readyz`: the database answers and every migration
 * is applied; 503 with the reason otherwise (the detail goes to the log, not the client).
 */
export function useHealth(checkReady: () => Promise<void>, logger: Logger): Plugin {
  return {
    async onRequest({ url, endResponse }) {
      if (url.pathname === "/healthz") {
        endResponse(json(200, { status: "ok" }));
      } else if (url.pathname === "/readyz") {
        try {
          await withTimeout(checkReady(), READY_TIMEOUT_MS);
          endResponse(json(200, { status: "ready" }));
        } catch (error) {
          const message = (error as Error).message ?? String(error);
          logger.warn({ err: message }, "readiness check failed");
          const reason = message.startsWith("migrations pending")
            ? message
            : "database unreachable";
          endResponse(json(503, { status: "unavailable", reason }));
        }
      }
    },
  };
}

const KNOWN = /^\/(graphql|healthz|readyz|health|feeds)(\/|$)/;

/** Anything outside the API's routes: a plain 404 that says what is served, not an empty body. */
export function useNotFound(graphqlEndpoint: string): Plugin {
  return {
    onRequest({ url, endResponse }) {
      if (url.pathname === graphqlEndpoint || KNOWN.test(url.pathname)) return;
      endResponse(
        new Response(
          `Not found: ${url.pathname.slice(0, 200)}. This API serves /graphql, /feeds/…, /healthz and /readyz.\n`,
          {
            status: 404,
            headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
          },
        ),
      );
    },
  };
}
