// Start the bare node:http ceiling (baseline-server.ts) in its own process, serving one answer.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BaselineSpec } from "./baseline-server.js";
import type { Answer } from "./http.js";
import { stopChild, track } from "./lifecycle.js";

const SCRIPT = fileURLToPath(new URL("./baseline-server.ts", import.meta.url));

/** Set per connection or per message by node:http itself; copying them would be wrong. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "date",
  "content-length",
]);

export interface Baseline {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A bare server answering every request with `answer`'s status, headers and body bytes. */
export async function startBaseline(answer: Answer): Promise<Baseline> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (!HOP_BY_HOP.has(name)) headers[name] = value;
  }
  const spec: BaselineSpec = {
    status: answer.status,
    headers,
    body: answer.body.toString("base64"),
  };
  // The same runtime as the real server (node with the tsx loader), nothing else.
  const child = track(
    spawn(process.execPath, ["--import", "tsx", SCRIPT], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("the baseline server did not start in 30 s")),
      30_000,
    );
    child.once("message", (message) => {
      clearTimeout(timer);
      resolve((message as { port: number }).port);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the baseline server exited with ${code} before listening`));
    });
    child.send(spec);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    stop: () => stopChild(child),
  };
}
