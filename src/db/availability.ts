import { GraphQLError } from "graphql";

/** Errors of a lost or unreachable database connection (postgres.js codes and socket errors). */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08003",
  "08006",
]);

export function isConnectionError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === "object" && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
    e =
      (e as { cause?: unknown; originalError?: unknown }).cause ??
      (e as { originalError?: unknown }).originalError;
  }
  return false;
}

export function unavailable(): GraphQLError {
  return new GraphQLError("The database is temporarily unavailable; try again shortly.", {
    extensions: { code: "UNAVAILABLE", http: { status: 503, headers: { "retry-after": "2" } } },
  });
}

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
