import { LOG_RANK, type LogFields, type Logger, type LogLevel } from "./log.ts";

interface Window {
  /** performance.now() ms when this one-second window began. */
  start: number;
  written: number;
  suppressed: number;
  /** Highest level among the suppressed lines. */
  level: LogLevel;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * A logger that writes at most `perSecond` lines of each event per second. The rest are counted,
 * and at the end of that second one line of the same event says how many were left out
 * (`suppressed`). So a flood of bad frames or bad upstream lines costs a few log lines a second,
 * and the log still tells how big the flood was. Events are the relay's own fixed names, so the
 * state per event stays small.
 */
export function throttleLog(log: Logger, perSecond = 10): Logger {
  const windows = new Map<string, Window>();
  const flush = (event: string, window: Window) => {
    clearTimeout(window.timer);
    window.timer = undefined;
    if (window.suppressed === 0) return;
    const suppressed = window.suppressed;
    window.suppressed = 0;
    log[window.level](event, { suppressed, msg: `${suppressed} more ${event} lines in one second were not written` });
  };
  const write = (level: LogLevel) => (event: string, fields?: LogFields) => {
    const now = performance.now();
    let window = windows.get(event);
    if (window === undefined) {
      window = { start: now, written: 0, suppressed: 0, level, timer: undefined };
      windows.set(event, window);
    } else if (now - window.start >= 1000) {
      flush(event, window);
      window.start = now;
      window.written = 0;
    }
    if (window.written < perSecond) {
      window.written++;
      log[level](event, fields);
      return;
    }
    if (window.suppressed === 0 || LOG_RANK[level] > LOG_RANK[window.level]) window.level = level;
    window.suppressed++;
    if (window.timer === undefined) {
      const current = window;
      current.timer = setTimeout(() => flush(event, current), current.start + 1000 - now);
      current.timer.unref?.();
    }
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
