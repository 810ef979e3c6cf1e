import { type DatabaseProblem, databaseProblem } from "../db/errors.js";
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
    // ETIMEDOUT: a database that does not answer counts as unreachable.
    const error = Object.assign(new Error(`no answer within ${ms} ms`), { code: "ETIMEDOUT" });
    timer = setTimeout(() => reject(error), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What a client is told while the process prepares its database (the log has the detail). */
export function startingMessage(problem: DatabaseProblem | undefined): string {
  return problem
    ? `The server cannot use its database yet (${problem.reason}); try again shortly.`
    : "The server is starting (preparing its database); try again shortly.";
}

/** What the process tells readiness probes and requests; all optional for tests. */
export interface Lifecycle {
  phase: () => Phase;
  /** While starting: what keeps the database from being used, if anything went wrong yet. */
  startProblem: () => DatabaseProblem | undefined;
}

/**
 * Why the server is not ready: draining; starting (with what stops it, which the start-up
 * log already says at each retry, so probes meanwhile log nothing); else the database
 * (unreachable, migrations pending), logged since it went wrong while serving.
 */
async function notReady(life: Lifecycle, checkReady: () => Promise<void>, logger: Logger) {
  const phase = life.phase();
  if (phase === "draining") return phase;
  if (phase === "starting") return life.startProblem()?.reason ?? phase;
  try {
    await withTimeout(checkReady(), READY_TIMEOUT_MS);
    return null;
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (message.startsWith("migrations pending")) return message;
    const problem = databaseProblem(error);
    logger.warn({ reason: problem.reason, hint: problem.hint }, `readiness: ${problem.detail}`);
    // The detail goes to the log, not the client.
    return problem.reason;
  }
}

/**
 * `/healthz`: the process is alive. `/readyz`: serving, the database answers and every
 * migration is applied; 503 with the reason otherwise. A replica's state is reported but does
 * not decide readiness: the primary can serve every read.
 */
export function healthRoutes(
  life: Lifecycle,
  checkReady: () => Promise<void>,
  logger: Logger,
  /** More to say in /readyz's body (the replica's state); never changes the status. */
  details: () => Record<string, unknown> = () => ({}),
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
        const reason = await notReady(life, checkReady, logger);
        return reason
          ? json(503, { status: "unavailable", reason, ...details() })
          : json(200, { status: "ready", ...details() });
      },
    },
  ];
}
