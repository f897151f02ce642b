import { instrumentFor } from "../../core/data/instruments.ts";
import { type SweepHandle, type SweepListener, shareRunData, startSweep } from "../../core/engine/sweep/index.ts";
import type { MarketData } from "../../core/run/index.ts";
import { loadRunData, planSweep, type SweepPlan, type SweepRequest } from "../../core/run/index.ts";
import { dataWorker } from "../data-worker.ts";
import { browserPoolHost } from "./pool-host.ts";

const SAMPLE_POLL_MS = 300;

/** The data worker as the sweep's MarketData: bars arrive transferred, once for the whole sweep. */
const market: MarketData = {
  bars: (symbol, timeframe, from, to, warmupRows) => dataWorker().bars(symbol, timeframe, from, to, warmupRows),
  ticks: (symbol, from, to, warmupRows) => dataWorker().ticks(symbol, from, to, warmupRows),
};

/** Resolves once the synthetic sample a first start creates is there (at once otherwise). */
async function sampleReady(): Promise<void> {
  while ((await dataWorker().sampleStatus()).state === "running")
    await new Promise((done) => setTimeout(done, SAMPLE_POLL_MS));
}

/**
 * Plans a sweep (throws the request's errors before anything loads), loads its data once from
 * the data worker, moves it into shared memory and starts it on a pool of `workers` Web Workers.
 * The instrument is resolved as the backtest worker resolves it, so a row re-run in full
 * matches. `onLoading` tells the panel the data is being read.
 */
export async function startBrowserSweep(
  request: SweepRequest,
  workers: number,
  listener: SweepListener,
  onLoading: () => void,
): Promise<{ plan: SweepPlan; handle: SweepHandle }> {
  const plan = planSweep(request, instrumentFor);
  onLoading();
  await sampleReady();
  const data = shareRunData(await loadRunData(plan.run, market));
  const handle = startSweep(
    {
      config: request.config,
      instrument: plan.run.instrument,
      data,
      combinations: plan.combinations.combinations,
      method: plan.method,
      methodReason: plan.methodReason,
    },
    browserPoolHost(workers),
    listener,
  );
  return { plan, handle };
}
