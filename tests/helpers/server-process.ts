import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The node flags of `npm start` (package.json), so that spawned servers run as users' do. */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    scripts: { start: string };
  };
  const m = /^npm run -s build && exec node (.*?)\s*dist\/main\.js$/.exec(pkg.scripts.start);
  if (!m)
    throw new Error(
      `package.json "start" is not "npm run -s build && exec node <flags> dist/main.js"`,
    );
  return m[1] ? m[1].split(/\s+/) : [];
}

/** Build the server as `npm start` does (dist/main.js), for runs that measure what users run. */
export function buildServer(): void {
  execFileSync("npm", ["run", "-s", "build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  logs: string[];
  exited: Promise<number | null>;
}

/** Every server this process started and has not seen exit: killed when this process exits. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Start the server with `npm start`'s node flags on a free port; resolves once it listens. The
 * TypeScript sources through tsx (what the tests check), or with `built` the bundle `npm start`
 * runs (dist/main.js; call buildServer first), which the bench and the soak measure.
 */
export async function startServerProcess(
  env: Record<string, string>,
  /** Extra node flags (the profiler's --cpu-prof, which NODE_OPTIONS does not allow). */
  nodeArgs: string[] = [],
  /** The Node executable (the bench's --peers runs the server on Node 22 too). */
  nodePath: string = process.execPath,
  built = false,
): Promise<ServerProcess> {
  const entry = built ? ["dist/main.js"] : ["--import", "tsx", "src/main.ts"];
  const args = [...startFlags(), ...nodeArgs, ...entry];
  const child = spawn(nodePath, args, {
    cwd: ROOT,
    // Off the shared Redis unless the caller asks: a server's keys there would outlive the run.
    env: { ...process.env, PORT: "0", LOG_LEVEL: "info", REDIS_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  running.add(child);
  const exited = once(child, "exit").then(([code]) => {
    running.delete(child);
    return code as number | null;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${logs.join("\n")}`)),
      60_000,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        logs.push(line);
        const m = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(line);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
        nl = buffer.indexOf("\n");
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${logs.join("\n")}`));
    });
  });
  return { child, url, logs, exited };
}

/**
 * Poll /readyz until it says 200 (the server listens before it has migrated and seeded).
 * A connection error is retried like a 503: a load balancer would do the same.
 */
export async function waitUntilReady(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await fetch(`${url}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}
