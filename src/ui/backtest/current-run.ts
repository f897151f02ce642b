const CURRENT_RUN_KEY = "pipscope:current-run";

/** The run the Backtest page shows (kept across reloads); null when none. */
export const currentRunId = (): string | null => localStorage.getItem(CURRENT_RUN_KEY);

/** Makes `id` the run the Backtest page shows next time it opens; null forgets it. */
export function setCurrentRunId(id: string | null): void {
  if (id === null) localStorage.removeItem(CURRENT_RUN_KEY);
  else localStorage.setItem(CURRENT_RUN_KEY, id);
}
