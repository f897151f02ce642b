import { type Remote, transfer, wrap } from "comlink";
import { runLockName } from "../core/protocol/backtest.ts";
import { listRuns, putRun, type RunRecord } from "../store/runs.ts";
import type { BacktestEndpoint } from "../workers/backtest.worker.ts";
import { registerErrorTransfer } from "../workers/error-transfer.ts";
import { keptRunLogs } from "./backtest/log-retention.ts";
import { dataWorker } from "./data-worker.ts";

/** Runs backtests in the backtest worker; each run streams its events on its own channel. */
export interface BacktestRunner {
  /** Validates the session config and starts the run; resolves with its id (rejects on a bad config). */
  start(configText: string, name?: string): Promise<string>;
  /** Asks a run to stop; false if no such run is running. */
  cancel(backtestId: string): Promise<boolean>;
}

let endpoint: Remote<BacktestEndpoint> | undefined;

/** One worker for every tab: a shared worker where the browser has them (a run survives a reload while another tab is open). */
function connect(): Remote<BacktestEndpoint> {
  registerErrorTransfer();
  if (typeof SharedWorker === "function") {
    const worker = new SharedWorker(new URL("../workers/backtest.worker.ts", import.meta.url), {
      type: "module",
      name: "pipscope-backtest",
    });
    return wrap<BacktestEndpoint>(worker.port);
  }
  const worker = new Worker(new URL("../workers/backtest.worker.ts", import.meta.url), {
    type: "module",
    name: "pipscope-backtest",
  });
  return wrap<BacktestEndpoint>(worker);
}

/** The backtest worker's endpoint itself, connected on first use (the Compare page's variant runs). */
export function backtestEndpoint(): Remote<BacktestEndpoint> {
  endpoint ??= connect();
  return endpoint;
}

/**
 * The backtest worker, connected on first use. Each run gets its own channel to this page's data
 * worker, so its bars go worker to worker (transferred, not copied) and never through the page.
 */
export function backtestWorker(): BacktestRunner {
  const remote = backtestEndpoint();
  return {
    async start(configText, name) {
      const { port1, port2 } = new MessageChannel();
      await dataWorker().listen(transfer(port1, [port1]));
      return remote.start(configText, transfer(port2, [port2]), name, keptRunLogs());
    },
    cancel: (backtestId) => remote.cancel(backtestId),
  };
}

/** Why a run recorded as running has no live worker. */
export const INTERRUPTED = "interrupted: the tab running it was closed or reloaded before it finished";

/**
 * Records every run that says "running" but has no live worker as ended in error (interrupted),
 * so the history never shows a run that will not finish; resolves with the runs as stored after.
 */
export async function settleInterruptedRuns(): Promise<RunRecord[]> {
  const runs = await listRuns();
  const { held = [] } = await navigator.locks.query();
  const live = new Set(held.map((lock) => lock.name));
  return Promise.all(
    runs.map(async (run) => {
      if (run.status !== "running" || live.has(runLockName(run.backtest_id))) return run;
      const settled: RunRecord = { ...run, status: "error", error: INTERRUPTED };
      await putRun(settled);
      return settled;
    }),
  );
}
