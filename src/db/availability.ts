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
    private readonly retryMs = 1_000,
  ) {}

  get down(): boolean {
    return this.downSince !== null;
  }

  /** Throw UNAVAILABLE now if the database is known to be down (and re-probe in the background). */
  check(): void {
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
