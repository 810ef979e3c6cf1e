// PostGraphile v5 as a peer of `npm run bench -- --peers`: installed on demand into
// tests/bench/peers/postgraphile/ (its own package.json and lockfile, node_modules git-ignored,
// never the project's dependencies), with the Node 22 of the npm `node` package it pins, since
// PostGraphile v5 does not run on Node 20. The same Node 22 also runs this project's server.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stopChild, track } from "../lifecycle.js";

export const PEER_DIR = fileURLToPath(new URL("./postgraphile/", import.meta.url));
const NODE = join(PEER_DIR, "node_modules", "node", "bin", "node");
const SERVER = join(PEER_DIR, "server.mjs");

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** What the peer runs on, for the report. */
export interface PeerRuntime {
  /** The Node 22 executable (npm's `node` package, in the peer folder). */
  node: string;
  nodeVersion: string;
  postgraphile: string;
  connectionFilter: string;
  /** Where it is installed. */
  dir: string;
}

function installedVersion(name: string): string | undefined {
  const file = join(PEER_DIR, "node_modules", name, "package.json");
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

/** Installed and in step with the lockfile (npm writes node_modules/.package-lock.json last). */
export function peerInstalled(): boolean {
  const marker = join(PEER_DIR, "node_modules", ".package-lock.json");
  if (!existsSync(marker) || !existsSync(NODE)) return false;
  if (!installedVersion("postgraphile")) return false;
  return statSync(marker).mtimeMs >= statSync(join(PEER_DIR, "package-lock.json")).mtimeMs;
}

/**
 * `npm ci` in the peer folder unless it is already installed from the current lockfile, with
 * npm's progress on stderr; then checks that its Node runs and is 22.
 */
export async function installPeer(): Promise<PeerRuntime> {
  if (peerInstalled()) {
    log(`peers: PostGraphile already installed in ${PEER_DIR}`);
  } else {
    log(`peers: installing PostGraphile v5 and Node 22 into ${PEER_DIR} (npm ci)…`);
    const started = Date.now();
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const child = track(
      spawn(npm, ["ci", "--no-audit", "--no-fund", "--foreground-scripts"], {
        cwd: PEER_DIR,
        // Progress and npm's output on stderr: stdout is the table's.
        stdio: ["ignore", 2, 2],
      }),
    );
    const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
    if (code !== 0) {
      throw new Error(
        `peers: npm ci in ${PEER_DIR} failed (${signal ? `killed by ${signal}` : `exit code ${code}`})`,
      );
    }
    log(`peers: installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  let nodeVersion: string;
  try {
    nodeVersion = execFileSync(NODE, ["--version"], { encoding: "utf8" }).trim();
  } catch (error) {
    throw new Error(`peers: ${NODE} does not run: ${(error as Error).message}`);
  }
  if (!nodeVersion.startsWith("v22.")) {
    throw new Error(`peers: ${NODE} is Node ${nodeVersion}, not 22`);
  }
  return {
    node: NODE,
    nodeVersion,
    postgraphile: installedVersion("postgraphile") ?? "unknown",
    connectionFilter: installedVersion("postgraphile-plugin-connection-filter") ?? "unknown",
    dir: PEER_DIR,
  };
}

export interface PeerServer {
  child: ChildProcess;
  url: string;
  pid: number;
  logs: string[];
  stop(): Promise<void>;
}

/** Start PostGraphile on `databaseUrl` with Node 22; resolves once it listens. */
export async function startPostGraphile(
  runtime: PeerRuntime,
  databaseUrl: string,
  poolSize: number,
): Promise<PeerServer> {
  const child = track(
    spawn(runtime.node, [SERVER], {
      cwd: PEER_DIR,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: "0",
        PG_POOL_SIZE: String(poolSize),
        // Production mode, said explicitly (Grafast warns when it is unset).
        GRAPHILE_ENV: "production",
        NODE_ENV: "production",
      },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  const logs: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(
      () => reject(new Error(`PostGraphile did not listen within 60 s:\n${logs.join("")}`)),
      60_000,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = /"url":"(http:\/\/[^"]+)"/.exec(buffer);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`PostGraphile exited with ${code}:\n${logs.join("").slice(-2000)}`));
    });
  });
  return { child, url, pid: child.pid ?? -1, logs, stop: () => stopChild(child) };
}
