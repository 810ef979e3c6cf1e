import { type Logger, pino } from "pino";

export type { Logger };

/** JSON logs to stdout; `silent` in tests unless LOG_LEVEL says otherwise. */
export function createLogger(level: string): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
}
