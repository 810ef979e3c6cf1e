import { type Logger, pino } from "pino";
import pretty from "pino-pretty";

export type { Logger };

/**
 * Logs to stdout: JSON for machines, or readable lines (pino-pretty, in this thread, so a
 * line written just before exit is not lost) for a person at a terminal. `auto` picks by
 * whether stdout is a terminal. `silent` in tests unless LOG_LEVEL says otherwise.
 */
export function createLogger(level: string, format: "auto" | "json" | "pretty" = "json"): Logger {
  const options = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  const readable = format === "pretty" || (format === "auto" && process.stdout.isTTY === true);
  // Asynchronous writes: under load, lines queued behind a write in flight go out in one
  // syscall (a sync write per line cost a fifth of the cached feed's throughput); pino
  // flushes what is queued when the process exits.
  if (!readable) return pino(options, pino.destination({ dest: 1, sync: false }));
  return pino(
    options,
    pretty({
      sync: true,
      colorize: process.stdout.isTTY === true,
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname,reqId",
      singleLine: true,
    }),
  );
}
