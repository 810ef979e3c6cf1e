// Where the CPU goes during a run, and keeping the load generator off the server's cores.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cpus, platform } from "node:os";

/** CPU seconds (user + system) a Linux process has used; null elsewhere or once it is gone. */
export function cpuSecondsOf(pid: number | string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of
    // stat(5), in clock ticks (USER_HZ, 100 per second on Linux).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** CPU seconds of every PostgreSQL process on this machine; null without /proc. */
export function postgresCpuSeconds(): number | null {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return null;
  }
  let total = 0;
  for (const pid of entries.filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres")
        total += cpuSecondsOf(pid) ?? 0;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Which CPUs the load generator and the servers under test run on. */
export interface Pinning {
  /** For the report: "load generator on CPU 1, servers on CPU 0", or why nothing is pinned. */
  describe: string;
  /** Pin a server (or baseline) process, all its threads, to the servers' CPUs. */
  server(pid: number): void;
}

function taskset(cpuList: string, pid: number): string | null {
  const r = spawnSync("taskset", ["--all-tasks", "--pid", "--cpu-list", cpuList, String(pid)], {
    encoding: "utf8",
  });
  if (r.error) return r.error.message;
  return r.status === 0 ? null : (r.stderr || `taskset exited with ${r.status}`).trim();
}

const unpinned = (why: string): Pinning => ({ describe: `not pinned: ${why}`, server: () => {} });

/**
 * With "auto" on Linux with taskset and two or more CPUs: this process (autocannon runs in it)
 * goes to the last CPU, every server and baseline to the others, so the load generator cannot
 * take a server's core. Database server processes (PostgreSQL) are not ours to move.
 */
export function pinProcesses(mode: "auto" | "off"): Pinning {
  if (mode === "off") return unpinned("--pin off");
  const n = cpus().length;
  if (platform() !== "linux") return unpinned(`taskset is Linux only (${platform()})`);
  if (n < 2) return unpinned("one CPU: nothing to separate");
  const loadCpu = String(n - 1);
  const serverCpus = n === 2 ? "0" : `0-${n - 2}`;
  const failed = taskset(loadCpu, process.pid);
  if (failed) return unpinned(`taskset failed: ${failed}`);
  return {
    describe: `load generator on CPU ${loadCpu}, servers on CPU ${serverCpus} (taskset)`,
    server(pid) {
      const error = taskset(serverCpus, pid);
      if (error)
        throw new Error(`cannot pin the server (pid ${pid}) to CPU ${serverCpus}: ${error}`);
    },
  };
}
