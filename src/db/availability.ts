import { unavailable } from "../errors.js";
import { isConnectionError } from "./errors.js";

/**
 * A circuit breaker on the database: after a connection failure, requests fail at once with
 * UNAVAILABLE (503) instead of each waiting out a connect timeout and piling up; a probe
 * closes it again as soon as the database answers.
 */
export class DatabaseAvailability {
  private downSince: number | null = null;
  private probing: Promise<void> | null = null;

  constructor(
    private readonly probe: () => Promise<void>,
    /** While the process prepares its database: why nothing can be answered yet (null: ready). */
    private readonly notYet: () => string | null = () => null,
    private readonly retryMs = 1_000,
  ) {}

  get down(): boolean {
    return this.downSince !== null;
  }

  /**
   * Throw UNAVAILABLE now if the database is not prepared yet, or known to be down (and then
   * re-probe in the background).
   */
  check(): void {
    const why = this.notYet();
    if (why) throw unavailable(why);
    if (this.downSince === null) return;
    if (!this.probing && Date.now() - this.downSince >= this.retryMs) {
      this.probing = this.probe()
        .then(() => {
          this.downSince = null;
        })
        .catch(() => {
          this.downSince = Date.now();
        })
        .finally(() => {
          this.probing = null;
        });
    }
    throw unavailable();
  }

  /** Report an error seen while serving; a connection error opens the breaker. */
  observe(error: unknown): boolean {
    if (!isConnectionError(error)) return false;
    this.downSince ??= Date.now();
    return true;
  }

  markUp(): void {
    this.downSince = null;
  }
}
