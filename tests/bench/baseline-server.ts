// The bare ceiling: a node:http server that answers every request with one fixed response.
// Runs as its own process (started by baseline.ts), so it never shares an event loop with the
// load generator. It reads the request body, as any real server must, then sends the bytes.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** Sent by the parent over IPC: the real server's answer to the scenario's request. */
export interface BaselineSpec {
  status: number;
  headers: Record<string, string>;
  /** Base64 of the body bytes, exactly as the real server sent them (compressed or not). */
  body: string;
}

function serve(spec: BaselineSpec): void {
  const body = Buffer.from(spec.body, "base64");
  const headers: Record<string, string | number> = { ...spec.headers };
  const hasBody = spec.status !== 204 && spec.status !== 304;
  if (hasBody) headers["content-length"] = body.length;
  const server = createServer((req, res) => {
    req.on("end", () => {
      res.writeHead(spec.status, headers);
      res.end(hasBody ? body : undefined);
    });
    req.resume();
  });
  // The same socket timeouts as src/server.ts.
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo;
    process.send?.({ port });
  });
}

process.once("message", (message) => serve(message as BaselineSpec));
// Whatever happens to the parent, never outlive it.
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
