import { MAX_RUNS_WITH_EVENTS } from "../../store/runs.ts";

const KEY = "pipscope:kept-run-logs";
/** Bounds of the setting: at least the current run, at most what IndexedDB comfortably holds. */
export const KEPT_RUN_LOGS_RANGE = { min: 1, max: 200 } as const;

/** How many of the newest runs keep their full event logs (a setting; older runs keep their results). */
export function keptRunLogs(): number {
  const value = Number(localStorage.getItem(KEY));
  return Number.isInteger(value) && value >= KEPT_RUN_LOGS_RANGE.min && value <= KEPT_RUN_LOGS_RANGE.max
    ? value
    : MAX_RUNS_WITH_EVENTS;
}

export function setKeptRunLogs(value: number): void {
  const { min, max } = KEPT_RUN_LOGS_RANGE;
  localStorage.setItem(KEY, String(Math.min(max, Math.max(min, Math.round(value)))));
}
