import { expose, releaseProxy, wrap } from "comlink";
import { runLockName } from "../core/protocol/backtest.ts";
import type { CompareEvent } from "../core/protocol/compare.ts";
import type { MarketData } from "../core/run/index.ts";
import { FX_RUN_CALENDAR } from "../core/run/index.ts";
import { enabledBots, saveBotRuns } from "../store/bots.ts";
import { appendEvents, completeRun, evictOldEventLogs, putRun } from "../store/runs.ts";
import { makeBacktestApi } from "./backtest-api.ts";
import { makeCompareApi } from "./compare-api.ts";
import { registerErrorTransfer } from "./error-transfer.ts";
import { initWorkerKernels } from "./kernels.ts";

registerErrorTransfer();
void initWorkerKernels();
const api = makeBacktestApi({
  calendar: () => FX_RUN_CALENDAR,
  enabledBots,
  saveRun: putRun,
  completeRun,
  saveEvents: appendEvents,
  now: () => Date.now(),
  newId: () => crypto.randomUUID(),
  // Held until the run ends and released if this worker dies, so any tab can tell a live run
  // from one whose worker went away with its page.
  holdLive: (id, ended) =>
    new Promise<void>((held) => {
      void navigator.locks.request(runLockName(id), () => {
        held();
        return ended;
      });
    }),
});

const comparison = makeCompareApi({
  calendar: () => FX_RUN_CALENDAR,
  now: () => Date.now(),
  newId: () => crypto.randomUUID(),
  enabledBots,
  saveBotRuns,
});

/** What the page calls; `dataPort` is one end of a channel the data worker serves its API on. */
const endpoint = {
  /** Starts a run; once it ends, only the newest `keptLogs` runs keep their event logs. */
  async start(configText: string, dataPort: MessagePort, name?: string, keptLogs?: number): Promise<string> {
    const market = wrap<MarketData>(dataPort);
    const release = () => market[releaseProxy]();
    try {
      const id = await api.start(configText, { name, market: market as unknown as MarketData });
      void api.settled(id).then(() => {
        release();
        return evictOldEventLogs(keptLogs);
      });
      return id;
    } catch (error) {
      release();
      throw error;
    }
  },
  cancel: api.cancel,
  settled: api.settled,
  /** Runs the config's variants side by side (the Compare page); `listen` is a comlink proxy. */
  async compare(configText: string, dataPort: MessagePort, listen: (event: CompareEvent) => void) {
    const market = wrap<MarketData>(dataPort);
    try {
      return await comparison.compare(configText, market as unknown as MarketData, listen);
    } finally {
      market[releaseProxy]();
    }
  },
  cancelCompare: comparison.cancel,
};
export type BacktestEndpoint = typeof endpoint;

// A shared worker serves every tab (runs outlive the tab that started them while another tab is
// open); where SharedWorker is missing the page starts this script as a dedicated worker.
const scope = self as { onconnect?: ((event: MessageEvent) => void) | null };
if ("onconnect" in scope) scope.onconnect = (event) => expose(endpoint, event.ports[0]);
else expose(endpoint);
