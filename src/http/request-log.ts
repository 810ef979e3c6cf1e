/** One log line per request: what an operator greps for when a page fails. */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { LogLevel } from "../config.js";
import type { Logger } from "../logger.js";

/** Load balancers poll these every few seconds: only at debug, or they drown everything else. */
const PROBES = new Set(["/healthz", "/readyz"]);

const pathOf = (req: IncomingMessage) => (req.url ?? "/").split("?", 1)[0] ?? "/";

type Level = Exclude<LogLevel, "silent">;

/**
 * Wrap `handler` so every finished (or abandoned) request logs method, path (never the query
 * string: it can carry a whole GraphQL document), status, milliseconds and the cache's
 * verdict (`x-cache`), at `level`; a 5xx at least at warn; probes at debug (a 503 from
 * /readyz while starting or draining is an answer, not a failure).
 *
 * One `logger[level]` call when the response closes, nothing per request before it:
 * pino-http (two child loggers per request) cost a quarter of the cached feed's
 * throughput here (docs/operations.md, Logs).
 */
export function logRequests(
  handler: RequestListener,
  logger: Logger,
  level: LogLevel,
): RequestListener {
  if (level === "silent") return handler;
  const serverError: Level = level === "error" || level === "fatal" ? level : "warn";
  return (req, res) => {
    const started = performance.now();
    noteCacheVerdict(res);
    res.once("close", () => {
      const path = pathOf(req);
      const status = res.statusCode;
      const at: Level = PROBES.has(path) ? "debug" : status >= 500 ? serverError : level;
      if (!logger.isLevelEnabled(at)) return;
      const ms = Math.round(performance.now() - started);
      const cache = verdicts.get(res);
      const cut = res.writableFinished ? "" : " (closed before the answer ended)";
      logger[at](
        { req: { method: req.method, path }, res: { status }, ms, ...(cache ? { cache } : {}) },
        `${req.method} ${path} ${status} ${ms} ms${cut}`,
      );
    });
    handler(req, res);
  };
}

/** `x-cache` of each answer: HIT, MISS, or none where no cache was asked. */
const verdicts = new WeakMap<ServerResponse, string>();

/**
 * Yoga and the fast lane pass their headers to `writeHead`, which node does not keep for
 * `getHeader`: read `x-cache` on its way through.
 */
function noteCacheVerdict(res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const headers = args.find((a) => typeof a === "object" && a !== null);
    const pairs: unknown[] = Array.isArray(headers)
      ? headers.flat()
      : Object.entries(headers ?? {}).flat();
    const at = pairs.findIndex((v, i) => i % 2 === 0 && String(v).toLowerCase() === "x-cache");
    const set = at >= 0 ? pairs[at + 1] : res.getHeader("x-cache");
    if (set !== undefined) verdicts.set(res, String(set));
    return writeHead.apply(this, args as Parameters<ServerResponse["writeHead"]>);
  } as ServerResponse["writeHead"];
}
