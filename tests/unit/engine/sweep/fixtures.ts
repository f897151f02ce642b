import { loadSessionConfig } from "../../../../src/core/config/index.ts";
import type { BarColumns } from "../../../../src/core/data/types.ts";
import type { PoolHost, SweepPort } from "../../../../src/core/engine/sweep/index.ts";
import { initKernels, twinKernels } from "../../../../src/core/kernels/index.ts";
import type { MarketData, OpenRun } from "../../../../src/core/run/index.ts";
import { FX_RUN_CALENDAR, makeSweepWorker, openRun } from "../../../../src/core/run/index.ts";
import { randomWalkBars } from "../../../bench/engine.bench.ts";
import { kernelBytes } from "../../kernels/load.ts";

const MINUTE = 60_000;
const TIMEFRAME_MS: Record<string, number> = { M1: MINUTE, M5: 5 * MINUTE, M15: 15 * MINUTE, H1: 60 * MINUTE };

/** A seeded walk of bars of any timeframe for any range, `warmup` rows before `from`. */
export function walkMarket(seed = 7): MarketData & { calls: number } {
  const market = {
    calls: 0,
    async bars(_symbol: string, timeframe: string, from: number, to: number, warmup: number) {
      market.calls++;
      const step = TIMEFRAME_MS[timeframe];
      const n = Math.floor((to - from) / step) + warmup;
      const rows: BarColumns = randomWalkBars(n, seed);
      for (let i = 0; i < n; i++) rows.time[i] = from + (i - warmup) * step;
      return { rows, startIndex: warmup, label: "fixture walk" };
    },
    async ticks(): Promise<never> {
      throw new Error("no ticks in this fixture");
    },
  };
  return market;
}

/** A config's text opened on the one run path, over `market` (a fresh walk by default). */
export function openTestRun(config: string, market: MarketData = walkMarket(), file = "sweep.json"): Promise<OpenRun> {
  return openRun(loadSessionConfig(config, file), file, { market, calendar: FX_RUN_CALENDAR, now: () => 0 });
}

/** A session config's text: EURUSD, `days` days of `stream` from 2024-01-01, with overrides of backtest_config. */
export function configText(
  strategy: object,
  options: { days?: number; stream?: string; warmup?: number; backtest?: object } = {},
): string {
  return JSON.stringify({
    session_name: "sweep test",
    mode: "backtest",
    backtest_config: {
      start_date: "2024-01-01",
      backtest_days: options.days ?? 10,
      sizing: { mode: "fixed", lots: 0.1 },
      costs: { spread: "bar", commission_per_lot: 3.5 },
      ...options.backtest,
    },
    session_data_config: {
      symbols: ["EURUSD"],
      streams: [options.stream ?? "bars_1h"],
      historical: { bars: options.warmup ?? 60 },
    },
    strategy,
  });
}

/** What an in-process pool did: workers started, stopped, and messages they handled after being stopped. */
export interface PoolLog {
  spawned: number;
  terminated: Set<number>;
  handledAfterStop: number;
  handled: number;
}

/**
 * A pool host whose workers run in this thread (the core worker behind a fake port, messages
 * delivered asynchronously like a real port). `kernels: "twin"` forces the TypeScript twins.
 */
export function inProcessHost(size: number, kernels: "wasm" | "twin" = "wasm"): PoolHost & { log: PoolLog } {
  const log: PoolLog = { spawned: 0, terminated: new Set(), handledAfterStop: 0, handled: 0 };
  return {
    size,
    log,
    now: () => Date.now(),
    spawn(index): SweepPort {
      log.spawned++;
      let toPool: (message: unknown) => void = () => {};
      let stopped = false;
      const worker = makeSweepWorker({
        post: (message) => {
          if (!stopped) setImmediate(() => toPool(message));
        },
        loadKernels: async () =>
          kernels === "twin" ? { kernels: twinKernels() } : { kernels: await initKernels(await kernelBytes()) },
        calendar: FX_RUN_CALENDAR,
        now: () => Date.now(),
      });
      return {
        post: (message) =>
          setImmediate(() => {
            if (stopped) {
              log.handledAfterStop++;
              return;
            }
            log.handled++;
            void worker.handle(message);
          }),
        listen: (onMessage) => {
          toPool = onMessage;
        },
        terminate: () => {
          stopped = true;
          log.terminated.add(index);
        },
      };
    },
  };
}
