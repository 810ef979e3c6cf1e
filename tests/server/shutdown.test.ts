import { request } from "node:http";
import { describe, expect, it, onTestFinished } from "vitest";
import { startServerProcess, waitUntilReady } from "../helpers/server-process.js";

describe("graceful shutdown (real process, real socket)", () => {
  it("SIGTERM with a request in flight: the request completes, then the process exits 0", async () => {
    const server = await startServerProcess({
      DATABASE_URL: "memory://",
      SHUTDOWN_TIMEOUT_MS: "10000",
    });
    onTestFinished(() => {
      server.child.kill("SIGKILL");
    });
    await waitUntilReady(server.url);

    const body = JSON.stringify({ query: "{ issue(volume: 10, number: 15) { title } }" });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      });
      req.on("response", (res) => {
        let text = "";
        res.on("data", (c: Buffer) => {
          text += c.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
      // Half the body now: the request is in flight when the signal arrives.
      req.write(body.slice(0, 10));
      setTimeout(() => {
        server.child.kill("SIGTERM");
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });

    const result = await response;
    expect(result.status).toBe(200);
    expect(JSON.parse(result.text)).toEqual({
      data: { issue: { title: "Weekly Newsletter Vol 10 No 15" } },
    });
    expect(await server.exited).toBe(0);
    expect(server.logs.some((l) => l.includes("shutting down: draining in-flight requests"))).toBe(
      true,
    );
    // New connections are refused once draining began.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
