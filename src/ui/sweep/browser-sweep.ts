import { loadSessionConfig } from "../../core/config/index.ts";
import { type SweepHandle, type SweepListener, shareRunData, startSweep } from "../../core/engine/sweep/index.ts";
import {
  FX_RUN_CALENDAR,
  type MarketData,
  openRun,
  type SweepPlan,
  type SweepRequest,
  sweepData,
} from "../../core/run/index.ts";
import { dataWorker, sampleReady } from "../data-worker.ts";
import { browserPoolHost } from "./pool-host.ts";

/** Where a sweep's config errors point. */
const WHERE = "the Backtest page";

/**
 * The data worker as the sweep's MarketData: the edited instrument specs, and bars that arrive
 * transferred, once for the whole sweep.
 */
const market: MarketData = {
  instruments: () => dataWorker().instruments(),
  bars: (symbol, timeframe, from, to, warmupRows, dataset) =>
    dataWorker().bars(symbol, timeframe, from, to, warmupRows, dataset),
  ticks: (symbol, from, to, warmupRows, dataset) => dataWorker().ticks(symbol, from, to, warmupRows, dataset),
};

/**
 * Plans a sweep of the form's config through the one run path (throws the request's errors
 * before anything loads), loads its data once from the data worker as a backtest would, moves it
 * into shared memory and starts it on a pool of `workers` Web Workers. `onLoading` tells the panel
 * the data is being read.
 */
export async function startBrowserSweep(
  configText: string,
  request: SweepRequest,
  workers: number,
  listener: SweepListener,
  onLoading: () => void,
): Promise<{ plan: SweepPlan; handle: SweepHandle }> {
  const run = await openRun(loadSessionConfig(configText, WHERE), WHERE, {
    market,
    calendar: FX_RUN_CALENDAR,
    now: () => Date.now(),
  });
  const plan = run.sweep(request);
  onLoading();
  await sampleReady();
  const input = await run.prepare("sweep");
  const handle = startSweep(
    {
      config: plan.config,
      instrument: plan.run.instrument,
      data: shareRunData(sweepData(input)),
      combinations: plan.combinations.combinations,
      method: plan.method,
      methodReason: plan.methodReason,
    },
    browserPoolHost(workers),
    listener,
  );
  return { plan, handle };
}
