// Child processes and clean-ups of a bench run: whatever ends the run (done, error, Ctrl-C),
// every child is stopped and every temporary directory or database removed.
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";

const children = new Set<ChildProcess>();
const cleanups: { name: string; run: () => Promise<void> | void }[] = [];

/** Remember a child so that it is killed if the run ends early. */
export function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Register a clean-up; they run last-in first-out. */
export function onCleanup(name: string, run: () => Promise<void> | void): void {
  cleanups.push({ name, run });
}

/** Stop every child still running, then run the clean-ups; each failure is reported, none stops the rest. */
export async function cleanUp(): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c, 5_000).catch(() => {})));
  while (cleanups.length) {
    const step = cleanups.pop();
    if (!step) break;
    try {
      await step.run();
    } catch (error) {
      process.stderr.write(`[bench] clean-up "${step.name}" failed: ${(error as Error).message}\n`);
    }
  }
}

/** Last resort on process exit (synchronous): kill what is left. */
export function killChildrenNow(): void {
  for (const child of children) child.kill("SIGKILL");
}

/**
 * Kill (by pid) any direct child of this process still running `src/main.ts`: a server whose
 * start timed out is never handed back by startServerProcess, so it cannot be tracked. Linux only.
 */
export function killStrayServers(): void {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return;
  }
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== process.pid) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (cmdline.includes("src/main.ts")) process.kill(Number(entry), "SIGKILL");
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
}
