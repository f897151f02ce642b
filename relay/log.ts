import type { Writable } from "node:stream";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

/** Structured logs: one JSON object per line, `{time, level, event, msg?, …fields}`. */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** Levels from least to most severe. */
export const LOG_RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * A logger writing JSON lines to `out` (the relay uses stdout, so `npm run relay | jq` works).
 * @param minimum lowest level written; default `info`.
 */
export function makeJsonLogger(out: Writable, minimum: LogLevel = "info"): Logger {
  const write = (level: LogLevel) => (event: string, fields?: LogFields) => {
    if (LOG_RANK[level] < LOG_RANK[minimum]) return;
    out.write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
