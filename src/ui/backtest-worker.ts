import { type Remote, transfer, wrap } from "comlink";
import type { BacktestApi } from "../workers/backtest-api.ts";
import { registerErrorTransfer } from "../workers/error-transfer.ts";
import { dataWorker } from "./data-worker.ts";

/** The backtest worker's API as the page sees it. */
export type BacktestWorkerApi = BacktestApi & { connectDataPort(port: MessagePort): void };

let instance: Remote<BacktestWorkerApi> | undefined;

/**
 * The page's backtest worker, started on first use and connected straight to the data worker
 * through a MessageChannel, so a run's bars go worker to worker (transferred, not copied) and
 * never through the page.
 */
export function backtestWorker(): Remote<BacktestWorkerApi> {
  if (!instance) {
    registerErrorTransfer();
    const worker = new Worker(new URL("../workers/backtest.worker.ts", import.meta.url), {
      type: "module",
      name: "pipscope-backtest",
    });
    instance = wrap<BacktestWorkerApi>(worker);
    const { port1, port2 } = new MessageChannel();
    void dataWorker().listen(transfer(port1, [port1]));
    void instance.connectDataPort(transfer(port2, [port2]));
  }
  return instance;
}
