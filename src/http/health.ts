import type { Route } from "../feature.js";
import type { Logger } from "../logger.js";

/** Readiness probes must answer quickly even when the database hangs. */
const READY_TIMEOUT_MS = 2_000;

/** Where the process is: starting (migrations, keys, seed), serving, or draining for shutdown. */
export type Phase = "starting" | "serving" | "draining";

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
 * Why the server is not ready: draining; else the database (unreachable, migrations
 * pending); else still starting (keys, seed).
 */
async function notReady(phase: Phase, checkReady: () => Promise<void>, logger: Logger) {
  if (phase === "draining") return phase;
  try {
    await withTimeout(checkReady(), READY_TIMEOUT_MS);
    return phase === "starting" ? phase : null;
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    logger.warn({ err: message }, "readiness check failed");
    // The detail goes to the log, not the client.
    return message.startsWith("migrations pending") ? message : "database unreachable";
  }
}

/**
 * `/healthz`: the process is alive. `/readyz`: serving, the database answers and every
 * migration is applied; 503 with the reason otherwise.
 */
export function healthRoutes(
  phase: () => Phase,
  checkReady: () => Promise<void>,
  logger: Logger,
): Route[] {
  return [
    {
      name: "health",
      matches: (path) => path === "/healthz",
      fetch: () => json(200, { status: "ok" }),
    },
    {
      name: "readiness",
      matches: (path) => path === "/readyz",
      fetch: async () => {
        const reason = await notReady(phase(), checkReady, logger);
        return reason
          ? json(503, { status: "unavailable", reason })
          : json(200, { status: "ready" });
      },
    },
  ];
}
