import { request } from "node:http";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { startServerProcess, waitUntilReady } from "../helpers/server-process.js";

/** A request sent in two halves: in flight until `finish` sends the rest. */
function halfSent(url: string, body: string) {
  let finish = () => {};
  const answer = new Promise<{ status: number; text: string; connection: string | undefined }>(
    (resolve, reject) => {
      const req = request(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      });
      req.on("response", (res) => {
        let text = "";
        res.on("data", (c: Buffer) => {
          text += c.toString();
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text, connection: res.headers.connection }),
        );
      });
      req.on("error", reject);
      req.write(body.slice(0, 10));
      finish = () => req.end(body.slice(10));
    },
  );
  return { answer, finish: () => finish() };
}

describe("graceful shutdown (real process, real socket)", () => {
  it("on SIGTERM: /readyz says draining for the grace period while requests are still answered (Connection: close), then in-flight requests finish and the process exits 0", async () => {
    const server = await startServerProcess({
      DATABASE_URL: "memory://",
      // Long enough for the checks below on a loaded machine; they wait for events, not it.
      SHUTDOWN_GRACE_MS: "8000",
      SHUTDOWN_TIMEOUT_MS: "10000",
    });
    onTestFinished(() => {
      server.child.kill("SIGKILL");
    });
    await waitUntilReady(server.url);
    const query = JSON.stringify({ query: "{ issue(volume: 10, number: 15) { title } }" });
    const inFlight = halfSent(server.url, query);

    server.child.kill("SIGTERM");
    await vi.waitFor(
      () => expect(server.logs.some((l) => l.includes("/readyz answers 503 draining"))).toBe(true),
      10_000,
    );
    // During the grace period the listener is open: a load balancer sees "draining"…
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get("connection")).toBe("close");
    expect(await ready.json()).toEqual({ status: "unavailable", reason: "draining" });
    // …and a request it still sends is answered, telling the client to go elsewhere next time.
    const late = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: query,
    });
    expect(late.status).toBe(200);
    expect(late.headers.get("connection")).toBe("close");

    // The request that was in flight when the signal came completes normally.
    inFlight.finish();
    const result = await inFlight.answer;
    expect(result.status).toBe(200);
    expect(result.connection).toBe("close");
    expect(JSON.parse(result.text)).toEqual({
      data: { issue: { title: "Weekly Newsletter Vol 10 No 15" } },
    });

    expect(await server.exited).toBe(0);
    const said = (text: string) => server.logs.some((l) => l.includes(text));
    expect(said("listener closed, draining in-flight requests")).toBe(true);
    expect(said('"msg":"stopped"')).toBe(true);
    // Once it stopped, nothing listens there.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
