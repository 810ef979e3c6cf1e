import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A real local HTTP server that records requests and answers with scripted statuses. */
export async function startRecorder(statuses: number[] = []): Promise<{
  url: string;
  requests: Recorded[];
  waitFor(n: number, timeoutMs?: number): Promise<Recorded[]>;
  close(): Promise<void>;
}> {
  const requests: Recorded[] = [];
  const queue = [...statuses];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      res.statusCode = queue.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hub`,
    requests,
    async waitFor(n, timeoutMs = 10_000) {
      const start = Date.now();
      while (requests.length < n) {
        if (Date.now() - start > timeoutMs)
          throw new Error(`expected ${n} requests, got ${requests.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return requests;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
