import { type Remote, wrap } from "comlink";
import type { BacktestApi } from "../workers/backtest-api.ts";
import { registerErrorTransfer } from "../workers/error-transfer.ts";

let instance: Remote<BacktestApi> | undefined;

/** The page's backtest worker, started on first use. Runs continue while the page lives. */
export function backtestWorker(): Remote<BacktestApi> {
  if (!instance) {
    registerErrorTransfer();
    const worker = new Worker(new URL("../workers/backtest.worker.ts", import.meta.url), {
      type: "module",
      name: "pipscope-backtest",
    });
    instance = wrap<BacktestApi>(worker);
  }
  return instance;
}
