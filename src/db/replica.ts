/**
 * Read routing with a streaming replica (DATABASE_READ_URL): which database a public read
 * uses now. The replica serves public reads only while it is known to be close behind the
 * primary; otherwise (lagging past the bound, unreachable, not checked yet, or a write not yet
 * replayed) they go to the primary, which can always answer them.
 */
import { sql } from "drizzle-orm";
import type { Logger } from "../logger.js";
import { type Database, type Db, rowsOf } from "./client.js";
import { isConnectionError, pgErrorOf } from "./errors.js";

/** Where public reads go: the replica while it is usable, else the primary. */
export interface ReadRoute {
  /** The database a public read should use now. */
  db(): Db;
  /** Run a public read; a replica failure is retried on the primary (and opens the breaker). */
  read<T>(work: (db: Db) => Promise<T>): Promise<T>;
  /** A public read on the replica failed with this: true when it should be retried on the primary. */
  observe(error: unknown): boolean;
}

/** No replica: every read is the primary's. */
export function primaryOnly(db: Db): ReadRoute {
  return { db: () => db, read: (work) => work(db), observe: () => false };
}

/** unknown: not checked yet; down: unreachable (or its last read failed); lagging: past the bound. */
export type ReplicaState = "unknown" | "ok" | "lagging" | "down";

export interface ReplicaStatus {
  state: ReplicaState;
  /** How far behind the primary it was at the last check (null: unknown, down). */
  lagMs: number | null;
}

export interface ReplicaOptions {
  primary: Database;
  replica: Database;
  /** Public reads leave the replica when it is further behind than this (default 5000). */
  maxLagMs: number;
  /** How often lag is measured (default 1000). */
  checkIntervalMs: number;
  logger: Logger;
}

/** A recovery conflict cancelled a standby's statement: retry on the primary, the replica is fine. */
const RECOVERY_CONFLICT = "40001";

/** "16/B374D848" → a comparable number. */
export function parseLsn(text: string): bigint {
  const [hi = "0", lo = "0"] = text.split("/");
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

/** A primary position and when it was seen there. */
interface Sample {
  lsn: bigint;
  at: number;
}

export class ReplicaRouting implements ReadRoute {
  private state: ReplicaState = "unknown";
  private lagMs: number | null = null;
  /** Primary positions the replica had not replayed when last checked, oldest first. */
  private samples: Sample[] = [];
  /** A write announced on the bus: until the replica has replayed past it, reads stay on the primary. */
  private fence: bigint | null = null;
  /** Writes whose primary position is still being asked for. */
  private fencing = 0;
  private timer: NodeJS.Timeout | null = null;
  private catchUp: Promise<void> | null = null;
  private checking: Promise<void> | null = null;
  private notStandbyWarned = false;

  constructor(private readonly o: ReplicaOptions) {}

  status(): ReplicaStatus {
    return { state: this.state, lagMs: this.lagMs };
  }

  /** Public reads may use the replica now. */
  get usable(): boolean {
    return this.state === "ok" && this.fence === null && this.fencing === 0;
  }

  db(): Db {
    return this.usable ? this.o.replica.db : this.o.primary.db;
  }

  async read<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const db = this.db();
    if (db === this.o.primary.db) return work(db);
    try {
      return await work(db);
    } catch (error) {
      if (!this.observe(error)) throw error;
      return work(this.o.primary.db);
    }
  }

  observe(error: unknown): boolean {
    if (isConnectionError(error)) {
      this.become("down", null, (error as Error).message);
      return true;
    }
    return pgErrorOf(error)?.code === RECOVERY_CONFLICT;
  }

  /** Measure now, then every `checkIntervalMs` until stop(). */
  start(): void {
    if (this.timer) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), this.o.checkIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * A write committed (any instance's, heard on the bus). Caches drop what it touched and the
   * next reader rebuilds: from a replica that has not replayed it yet, the stale answer would be
   * cached until the next change. So public reads use the primary until the replica is past the
   * primary's position now (at or after the commit).
   */
  onWrite = (): void => {
    this.fencing++;
    this.primaryLsn()
      .then((lsn) => {
        if (this.fence === null || lsn > this.fence) this.fence = lsn;
      })
      .catch(() => {}) // The primary is down: no write is coming; the next check decides.
      .finally(() => {
        this.fencing--;
        this.catchUp ??= this.waitForReplay().finally(() => {
          this.catchUp = null;
        });
      });
  };

  /** Check the replay position quickly (backing off up to the check interval) until past the fence. */
  private async waitForReplay(): Promise<void> {
    let delay = 10;
    while (this.fence !== null && this.timer !== null) {
      try {
        const { lsn } = await this.replayPosition();
        if (lsn === null || (this.fence !== null && lsn >= this.fence)) this.fence = null;
      } catch (error) {
        if (isConnectionError(error)) this.become("down", null, (error as Error).message);
      }
      if (this.fence === null) return;
      await new Promise((r) => setTimeout(r, delay).unref());
      delay = Math.min(delay * 2, this.o.checkIntervalMs);
    }
    // Stopped: nothing will clear it; reads stay on the primary.
  }

  private async primaryLsn(): Promise<bigint> {
    const result = await this.o.primary.db.execute(sql`select pg_current_wal_lsn()::text as lsn`);
    return parseLsn(rowsOf<{ lsn: string }>(result)[0]?.lsn ?? "0/0");
  }

  /** The replica's replay position (null: not a standby) and the age of its last replayed commit. */
  private async replayPosition(): Promise<{ lsn: bigint | null; sinceReplayMs: number | null }> {
    const result = await this.o.replica.db.execute(
      sql`select pg_last_wal_replay_lsn()::text as lsn,
        (extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::float8 as since`,
    );
    const row = rowsOf<{ lsn: string | null; since: number | null }>(result)[0];
    return {
      lsn: row?.lsn ? parseLsn(row.lsn) : null,
      sinceReplayMs: row?.since ?? null,
    };
  }

  /** One measurement: the primary's position, then how far the replica has replayed. */
  check(): Promise<void> {
    this.checking ??= this.measure().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async measure(): Promise<void> {
    let primary: bigint;
    const seenAt = Date.now();
    try {
      primary = await this.primaryLsn();
    } catch {
      return; // The primary's own breaker and /readyz say so; the replica's lag is unknowable.
    }
    let replay: Awaited<ReturnType<ReplicaRouting["replayPosition"]>>;
    try {
      replay = await this.replayPosition();
    } catch (error) {
      this.become("down", null, (error as Error).message);
      return;
    }
    if (replay.lsn === null) {
      // Not in recovery (a logical replica, a pooler in front of the primary): no position to
      // compare; taken as in step.
      if (!this.notStandbyWarned) {
        this.notStandbyWarned = true;
        this.o.logger.warn(
          "replica: DATABASE_READ_URL is not a streaming standby; its lag cannot be measured and is taken as 0",
        );
      }
      this.samples = [];
      this.fence = null;
      this.become("ok", 0);
      return;
    }
    // A write's fence is cleared here too: after stop() and start() no catch-up loop runs.
    if (this.fence !== null && replay.lsn >= this.fence) this.fence = null;
    const last = this.samples[this.samples.length - 1];
    if (!last || primary > last.lsn) this.samples.push({ lsn: primary, at: seenAt });
    const replayed = replay.lsn;
    this.samples = this.samples.filter((s) => s.lsn > replayed);
    // Behind: since the oldest primary position it has not replayed was seen there, and no
    // longer than since its last replayed commit (an idle primary's last commit can be old,
    // so that alone would overstate a fresh write's lag).
    const oldest = this.samples[0];
    const lag = oldest
      ? Math.round(
          Math.min(Date.now() - oldest.at, replay.sinceReplayMs ?? Number.POSITIVE_INFINITY),
        )
      : 0;
    this.become(lag > this.o.maxLagMs ? "lagging" : "ok", lag);
  }

  /** Change state; each transition is logged once. */
  private become(state: ReplicaState, lagMs: number | null, why?: string): void {
    const before = this.state;
    this.state = state;
    this.lagMs = lagMs;
    if (before === state) return;
    const { logger, maxLagMs } = this.o;
    if (state === "down")
      logger.warn(
        { replica: "down", err: why },
        "replica: unreachable; public reads use the primary",
      );
    else if (state === "lagging")
      logger.warn(
        { replica: "lagging", lagMs, maxLagMs },
        `replica: ${lagMs} ms behind (bound ${maxLagMs} ms); public reads use the primary`,
      );
    else if (state === "ok")
      logger.info({ replica: "ok", lagMs }, "replica: in step; public reads use it");
  }
}
