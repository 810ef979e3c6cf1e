/**
 * Real Varnish with the shipped VCL (deploy/varnish/api.vcl) in front of instances on this
 * machine, on a free loopback port, in a temporary working directory removed by stop(). For
 * the HTTP-cache integration test and `npm run soak -- --edge`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const VARNISHD = "/usr/sbin/varnishd";
const XKEY = "/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so";
const VCL_DIR = resolve("deploy/varnish");

/** Why Varnish cannot run here (null: it can). */
export function varnishMissing(): string | null {
  if (!existsSync(VARNISHD)) return `no Varnish at ${VARNISHD} (apt-get install varnish)`;
  if (!existsSync(XKEY)) return "no xkey vmod (apt-get install varnish-modules)";
  return null;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

export interface Varnish {
  url: string;
  child: ChildProcess;
  /** What varnishd printed (start-up errors). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Start varnishd in the foreground on `port` (a free one when absent) with a backends.vcl
 * naming `backends` (http://127.0.0.1:port URLs), round robin, probed at /readyz; resolves
 * once a request through it reaches an instance.
 */
export async function startVarnish(backends: string[], port?: number): Promise<Varnish> {
  const listen = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), "nca-varnish-"));
  const defs = backends.map((url, i) => {
    const u = new URL(url);
    return `backend api${i} { .host = "${u.hostname}"; .port = "${u.port}"; .probe = ready; }`;
  });
  writeFileSync(
    join(dir, "backends.vcl"),
    `import directors;
probe ready { .url = "/readyz"; .interval = 1s; .timeout = 1s; .window = 3; .threshold = 2; .initial = 3; }
${defs.join("\n")}
sub vcl_init {
  new api = directors.round_robin();
${backends.map((_, i) => `  api.add_backend(api${i});`).join("\n")}
}
`,
  );
  const child = spawn(
    VARNISHD,
    [
      ...["-F", "-j", "none", "-n", join(dir, "work"), "-a", `127.0.0.1:${listen}`],
      ...["-T", "none", "-s", "malloc,128m", "-f", join(VCL_DIR, "api.vcl")],
      ...["-p", `vcl_path=${dir}:${VCL_DIR}`],
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const url = `http://127.0.0.1:${listen}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    const up = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (up) break;
    if (i > 150 || child.exitCode !== null) {
      await stop();
      throw new Error(`varnishd did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, output: () => output, stop };
}
