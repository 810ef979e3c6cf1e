import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULTS } from "./config.js";
import type { Logger } from "./logger.js";

export interface Listening {
  server: Server;
  /** http://host:port actually bound (port 0 picks a free one). */
  url: string;
  /** From now on every answer says `Connection: close`: keep-alive clients move elsewhere. */
  drain(): void;
  /** Requests being answered now, and how many of them are event streams (subscriptions). */
  inFlight(): { requests: number; streams: number };
  /**
   * Stop accepting connections, let in-flight requests finish (up to `timeoutMs`),
   * then cut whatever is left. Resolves when the server is closed.
   */
  close(timeoutMs: number): Promise<void>;
}

/** The only place that listens: bind a request listener to node:http. */
export async function listen(
  handler: RequestListener,
  options: { port: number; host: string; logger: Logger; requestTimeoutMs?: number },
): Promise<Listening> {
  const server = createServer(handler);
  // Slow or stalled clients must not hold sockets forever (slowloris, half-sent bodies).
  server.headersTimeout = 15_000;
  server.requestTimeout = options.requestTimeoutMs ?? DEFAULTS.http.requestTimeoutMs;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const active = tracked(server);
  let draining = false;
  const drain = () => {
    if (draining) return;
    draining = true;
    // Answers sent while draining tell keep-alive clients to reconnect (to another instance):
    // those of requests already in flight (not answered yet) and those still to come.
    for (const res of active.values()) if (!res.headersSent) res.setHeader("connection", "close");
    server.on("request", (_req, res) => res.setHeader("connection", "close"));
  };
  return {
    server,
    url: `http://${host}:${address.port}`,
    drain,
    inFlight() {
      const streams = [...active.keys()].filter((req) =>
        req.headers.accept?.includes("text/event-stream"),
      );
      return { requests: active.size, streams: streams.length };
    },
    close(timeoutMs) {
      drain();
      return closeGracefully(server, timeoutMs, options.logger);
    },
  };
}

/** The requests whose answers are not finished yet, with their responses. */
function tracked(server: Server): Map<IncomingMessage, ServerResponse> {
  const active = new Map<IncomingMessage, ServerResponse>();
  server.on("request", (req, res) => {
    active.set(req, res);
    res.once("close", () => active.delete(req));
  });
  return active;
}

function closeGracefully(server: Server, timeoutMs: number, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      logger.warn(
        { timeoutMs },
        "shutdown: in-flight requests did not finish in time, closing them",
      );
      server.closeAllConnections();
    }, timeoutMs);
    force.unref();
    // Keep-alive sockets with no request in flight would otherwise hold close() open until
    // their keep-alive timeout; sockets become idle as their last request finishes.
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    sweep.unref();
    server.close(() => {
      clearTimeout(force);
      clearInterval(sweep);
      resolve();
    });
  });
}
