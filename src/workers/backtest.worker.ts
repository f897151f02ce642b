import { expose } from "comlink";
import { FX_RUN_CALENDAR } from "../core/config/index.ts";
import { instrumentFor } from "../core/data/instruments.ts";
import { appendEvents, putRun } from "../store/runs.ts";
import { makeBacktestApi } from "./backtest-api.ts";
import { registerErrorTransfer } from "./error-transfer.ts";

registerErrorTransfer();
expose(
  makeBacktestApi({
    calendar: () => FX_RUN_CALENDAR,
    instrumentFor: (symbol) => instrumentFor(symbol),
    saveRun: putRun,
    saveEvents: appendEvents,
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
  }),
);
