import { expose, wrap } from "comlink";
import type { MarketData } from "../core/config/index.ts";
import { FX_RUN_CALENDAR } from "../core/config/index.ts";
import { instrumentFor } from "../core/data/instruments.ts";
import { appendEvents, putRun } from "../store/runs.ts";
import { makeBacktestApi } from "./backtest-api.ts";
import { registerErrorTransfer } from "./error-transfer.ts";

registerErrorTransfer();
const api = makeBacktestApi({
  calendar: () => FX_RUN_CALENDAR,
  instrumentFor: (symbol) => instrumentFor(symbol),
  saveRun: putRun,
  saveEvents: appendEvents,
  now: () => Date.now(),
  newId: () => crypto.randomUUID(),
});
expose({
  ...api,
  /** One end of a channel the data worker serves its API on: bars come worker to worker. */
  connectDataPort(port: MessagePort): void {
    api.connectMarketData(wrap<MarketData>(port) as unknown as MarketData);
  },
});
