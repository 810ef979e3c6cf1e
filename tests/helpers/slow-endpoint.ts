import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Recorded } from "./http-recorder.js";

/**
 * A real local HTTP endpoint that records each request when it arrives and answers only
 * after `delayMs` (with `status`): for "the publisher never waits" and timeout tests.
 */
export async function startSlowEndpoint(
  delayMs: number,
  status = 204,
): Promise<{
  url: string;
  requests: Recorded[];
  /** The most requests it held unanswered at one time. */
  maxInFlight(): number;
  waitFor(n: number, timeoutMs?: number): Promise<Recorded[]>;
  close(): Promise<void>;
}> {
  const requests: Recorded[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let most = 0;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      most = Math.max(most, ++inFlight);
      const timer = setTimeout(() => {
        timers.delete(timer);
        inFlight--;
        res.statusCode = status;
        res.end();
      }, delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slow`,
    requests,
    maxInFlight: () => most,
    async waitFor(n, timeoutMs = 10_000) {
      const start = Date.now();
      while (requests.length < n) {
        if (Date.now() - start > timeoutMs)
          throw new Error(`expected ${n} requests, got ${requests.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return requests;
    },
    close: () =>
      new Promise((r) => {
        for (const timer of timers) clearTimeout(timer);
        // Requests still waiting for their answer would keep close() from returning.
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
