/**
 * One owner per embedded database. PGlite has no server process and no locking of its own:
 * two processes on one data directory each keep their own copy in memory and the last to
 * write its files wins, so a token created by the CLI beside a running server was lost.
 * The owner holds `<dir>.lock` (its pid, what it is, its control socket); a second opener
 * fails at once, naming the holder. Hand-written rather than proper-lockfile: the refusal
 * must say who holds the directory and how to reach it, which a bare lock cannot.
 */
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";

export interface Owner {
  pid: number;
  /** What holds it: "the server", "npm run db:seed", … */
  role: string;
  host: string;
  startedAt: string;
  /** Start time of the process in clock ticks since boot (Linux): tells a reused pid apart. */
  processStart?: string;
  /** Unix socket where the owner takes operator commands (token create, list, revoke). */
  control?: string;
}

/** The embedded database is held by another live process. */
export class DatabaseHeldError extends Error {
  constructor(
    readonly dir: string,
    readonly owner: Owner,
  ) {
    super(
      `${owner.role} (pid ${owner.pid}) holds the embedded database in ${dir}: stop it first` +
        (owner.control ? ", or run the token commands, which go through it" : ""),
    );
    this.name = "DatabaseHeldError";
  }
}

function processStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]; // field 22, starttime
  } catch {
    return undefined;
  }
}

function isAlive(owner: Owner): boolean {
  if (owner.host !== hostname()) return true; // a shared folder: cannot tell, so assume held
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  const start = processStartOf(owner.pid);
  return !(owner.processStart && start && start !== owner.processStart);
}

function readOwner(file: string): Owner | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Owner;
  } catch {
    return null; // gone, or not a lock file of ours
  }
}

/** The live owner of `dir`, if any (the CLI asks before reaching for its control socket). */
export function ownerOf(dir: string): Owner | null {
  const owner = readOwner(`${dir}.lock`);
  return owner && isAlive(owner) ? owner : null;
}

export interface Ownership {
  /** The embedded database's folder, and the lock file beside it. */
  readonly dir: string;
  readonly file: string;
  /** Publish the control socket in the lock file. */
  advertise(control: string): void;
  release(): void;
}

/** Create `file` holding `owner`, complete or not at all; false when it exists. */
function create(file: string, owner: Owner): boolean {
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, JSON.stringify(owner), { mode: 0o600 });
  try {
    linkSync(draft, file); // atomic, and fails if the file exists: never a half-written lock
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(draft);
  }
}

/**
 * Remove a lock left by a dead process. Moved aside first (only one racing opener can move
 * it), then checked: a live owner's lock, taken meanwhile, goes back where it was.
 */
function removeStale(file: string): void {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // another opener moved it first
  }
  const moved = readOwner(aside);
  if (moved && isAlive(moved)) create(file, moved);
  unlinkSync(aside);
}

/** Take `dir` for this process, or throw DatabaseHeldError naming the live holder. */
export function claimEmbedded(dir: string, role: string): Ownership {
  const file = `${dir}.lock`;
  const me: Owner = {
    pid: process.pid,
    role,
    host: hostname(),
    startedAt: new Date().toISOString(),
    ...(processStartOf(process.pid) ? { processStart: processStartOf(process.pid) } : {}),
  };
  for (let attempt = 0; !create(file, me); attempt++) {
    const held = readOwner(file);
    if (held && isAlive(held)) throw new DatabaseHeldError(dir, held);
    if (attempt >= 2) throw new Error(`cannot take ${file}: other processes keep taking it`);
    removeStale(file); // left by a process that died without releasing it
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    if (readOwner(file)?.pid === process.pid) unlinkSync(file);
  };
  process.on("exit", release);
  return {
    dir,
    file,
    advertise(control) {
      me.control = control;
      writeFileSync(`${file}.${process.pid}`, JSON.stringify(me), { mode: 0o600 });
      renameSync(`${file}.${process.pid}`, file); // replaced whole: readers never see half
    },
    release,
  };
}
