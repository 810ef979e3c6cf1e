/**
 * A PostgreSQL 15 primary and its streaming replica, made in a temporary folder with the
 * machine's own binaries (initdb, pg_basebackup -R, pg_ctl) on free loopback ports, for one
 * test file. PostgreSQL refuses to run as root: as root, the binaries run as `postgres`.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const PG_BIN = "/usr/lib/postgresql/15/bin";

/** What keeps this machine from making a pair (null: nothing). */
export function pairMissing(): string | null {
  for (const tool of ["initdb", "pg_ctl", "pg_basebackup"]) {
    if (!existsSync(join(PG_BIN, tool))) return `no ${tool} in ${PG_BIN} (PostgreSQL 15 binaries)`;
  }
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ReplicaPair {
  primaryUrl: string;
  replicaUrl: string;
  stopReplica(): void;
  startReplica(): void;
  /** Stop both servers and remove the folder. */
  destroy(): void;
}

/** Make and start the pair; throws (with the tools' output) when it cannot. */
export async function startReplicaPair(): Promise<ReplicaPair> {
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "nca-replica-"));
  const owner = root ? Number(execFileSync("id", ["-u", "postgres"]).toString().trim()) : null;
  if (owner !== null) chownSync(dir, owner, -1);
  const run = (tool: string, args: string[]) => {
    const [file, argv] = root
      ? ["runuser", ["-u", "postgres", "--", join(PG_BIN, tool), ...args]]
      : [join(PG_BIN, tool), args];
    return execFileSync(file, argv, { stdio: "pipe", timeout: 60_000 }).toString();
  };
  const primaryDir = join(dir, "primary");
  const replicaDir = join(dir, "replica");
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const settings = (port: number) =>
    [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      "wal_level = replica",
      "max_wal_senders = 4",
      "hot_standby = on",
      // Test speed: nothing here needs to survive a crash.
      "fsync = off",
      "full_page_writes = off",
      "shared_buffers = 16MB",
      "",
    ].join("\n");
  const started: string[] = [];
  const ctl = (data: string, action: "start" | "stop") =>
    run(
      "pg_ctl",
      action === "start"
        ? [
            "-D",
            data,
            "-l",
            join(dir, `${data.endsWith("primary") ? "primary" : "replica"}.log`),
            "-w",
            "-t",
            "30",
            "start",
          ]
        : ["-D", data, "-m", "fast", "-w", "-t", "30", "stop"],
    );
  const destroy = () => {
    for (const data of [...started].reverse()) {
      try {
        ctl(data, "stop");
      } catch {
        // Already stopped.
      }
    }
    started.length = 0;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // --auth=trust also trusts replication connections from loopback (initdb's pg_hba.conf).
    run("initdb", ["-D", primaryDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
    writeFileSync(join(primaryDir, "postgresql.conf"), settings(primaryPort), { flag: "a" });
    ctl(primaryDir, "start");
    started.push(primaryDir);
    // -R writes standby.signal and primary_conninfo: the copy starts as a streaming standby.
    run("pg_basebackup", [
      ...["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres"],
      ...["-D", replicaDir, "-R", "-X", "stream", "--no-sync"],
    ]);
    writeFileSync(join(replicaDir, "postgresql.conf"), `port = ${replicaPort}\n`, { flag: "a" });
    ctl(replicaDir, "start");
    started.push(replicaDir);
  } catch (error) {
    destroy();
    const e = error as Error & { stderr?: Buffer };
    throw new Error(`${e.message}${e.stderr ? `: ${e.stderr.toString().trim()}` : ""}`);
  }
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    replicaUrl: `postgres://postgres@127.0.0.1:${replicaPort}/postgres`,
    stopReplica: () => {
      ctl(replicaDir, "stop");
      started.splice(started.indexOf(replicaDir), 1);
    },
    startReplica: () => {
      ctl(replicaDir, "start");
      started.push(replicaDir);
    },
    destroy,
  };
}
