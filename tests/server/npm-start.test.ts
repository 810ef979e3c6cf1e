// The README's command under a supervisor: SIGTERM to `npm start` reaches the server, which
// drains and exits 0 (before, npm's `sh -c` died and left the server running, nothing logged).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NPM = process.env.npm_execpath;

describe("npm start under a supervisor", () => {
  it("SIGTERM to npm stops the server: it drains, logs, exits 0, and the port closes", async () => {
    const [command, args] = NPM?.endsWith(".js")
      ? [process.execPath, [NPM, "start"]]
      : ["npm", ["start"]];
    const npm = spawn(command, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: "0",
        DATABASE_URL: "memory://",
        LOG_LEVEL: "info",
        REDIS_URL: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = once(npm, "exit") as Promise<[number | null, string | null]>;
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      npm.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      void exited.then(() => reject(new Error(`npm start exited early:\n${out}`)));
    });
    npm.stderr.on("data", (c: Buffer) => {
      out += c.toString();
    });
    await expect
      .poll(
        () =>
          fetch(`${url}/readyz`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 60_000 },
      )
      .toBe(200);

    // npm start gives V8 a larger young generation (src/heap.ts), and the server says so.
    expect(out).toContain('"semiSpaceMb":32');
    expect(out).not.toContain("started without --max-semi-space-size");
    npm.kill("SIGTERM");
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(out).toContain('"msg":"shutting down: /readyz answers 503 draining');
    expect(out).toContain('"msg":"stopped"');
    await expect(fetch(`${url}/readyz`)).rejects.toThrow();
  }, 90_000);
});
