import type { BacktestResult } from "../../src/core/engine/backtest.ts";
import { runBacktest } from "../../src/core/engine/backtest.ts";
import { DEFAULT_ACCOUNT, DEFAULT_COSTS, DEFAULT_OPTIONS } from "../../src/core/engine/spec.ts";
import { createStrategy } from "../../src/core/strategy/index.ts";
import { randomWalkBars } from "../bench/engine.bench.ts";
import { EURUSD } from "../unit/engine/fixtures.ts";

/** A real engine result (MA cross over a seeded random walk), as `pipscope backtest --out` writes it. */
export async function engineResult(bars = 30_000, fast = 100, slow = 400): Promise<BacktestResult> {
  const strategy = createStrategy("ma_cross", { fast, slow });
  return runBacktest(
    {
      backtestId: "e2e-fixture",
      variant: "vanilla",
      strategy: { id: "ma_cross", ...strategy },
      instrument: EURUSD,
      timeframe: "M1",
      bars: randomWalkBars(bars),
      startIndex: 0,
      account: DEFAULT_ACCOUNT,
      costs: { ...DEFAULT_COSTS, swaps: false },
      sizing: { mode: "fixed", lots: 0.01 },
      options: DEFAULT_OPTIONS,
    },
    {
      wallNow: () => Date.now(),
      emit: () => {},
      trade: () => {},
      yield: async () => {},
      sleep: async () => {},
      cancelled: () => false,
    },
  );
}
