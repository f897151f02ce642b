/**
 * The commander's cost (issue 8 point 4), Node: medians of CPU time over five interleaved runs on
 * 1M random-walk M1 bars with no costs (no spread, so the walk does not drain the account and
 * every entry is sized and taken). Two MA-cross bots (10/30 and 20/60 SMA) through the commander
 * on one account, against the baseline of the same two strategies run alone one after the other —
 * the floor any portfolio pays. The router adds ranking, eligibility and governor sizing on
 * entries, and each bot reads the market through its view. Budget: ≤ 1.5× the baseline.
 * Measured 1.29× (1,436 vs 1,116 CPU ms) on the shared 2-core machine.
 */
import type { BacktestInput, EngineHost } from "../../src/core/engine/backtest.ts";
import { runBacktest } from "../../src/core/engine/backtest.ts";
import { DEFAULT_ACCOUNT, DEFAULT_COSTS, DEFAULT_OPTIONS } from "../../src/core/engine/spec.ts";
import { parseBot } from "../../src/core/router/bot.ts";
import { runPortfolio, teamOf } from "../../src/core/router/commander.ts";
import { createStrategy } from "../../src/core/strategy/index.ts";
import { randomWalkBars } from "./engine.bench.ts";
import { type Benchmark, median } from "./harness.ts";

const ROWS = 1_000_000;
const bars = randomWalkBars(ROWS);
const PARAMS = [
  { fast: 10, slow: 30 },
  { fast: 20, slow: 60 },
];

const host: EngineHost = {
  wallNow: () => performance.now(),
  emit: () => {},
  trade: () => {},
  yield: () => new Promise<void>((resolve) => setImmediate(resolve)),
  sleep: async () => {},
  cancelled: () => false,
};

function input(id: string, params: Record<string, number>): BacktestInput {
  return {
    backtestId: "bench",
    variant: "vanilla",
    strategy: { id, ...createStrategy(id, params) },
    instrument: {
      symbol: "EURUSD",
      digits: 5,
      point: 0.00001,
      pipSize: 0.0001,
      contractSize: 100_000,
      baseCurrency: "EUR",
      quoteCurrency: "USD",
      marginRate: 1,
      commissionPerLot: 0,
      swapMode: "points",
      swapLong: 0,
      swapShort: 0,
      exchangeGroup: "FX",
      assetClass: "CURRENCY",
    },
    timeframe: "M1",
    bars,
    startIndex: 0,
    account: { ...DEFAULT_ACCOUNT },
    costs: { ...DEFAULT_COSTS, spread: 0, swaps: false },
    sizing: { mode: "fixed", lots: 0.1 },
    options: { ...DEFAULT_OPTIONS },
  };
}

const alone = async () => {
  for (const params of PARAMS) await runBacktest(input("ma_cross", params), host);
};
const team = () =>
  runPortfolio(
    input("ma_cross", PARAMS[0]),
    teamOf(
      PARAMS.map((parameters, i) =>
        parseBot({
          id: `ma-${i}`,
          strategy: { id: "ma_cross", parameters },
          manifest: {
            name: `MA ${i}`,
            avoid_news: false,
            circuit_breaker: { max_daily_loss_pct: 100, max_consecutive_losses: 1_000_000, cooldown_minutes: 0 },
          },
        }),
      ),
    ),
    host,
    // Breakers off and the prior's edge kept: the bench measures the router's work on every entry
    // of both bots, not a team that stops trading.
    { governor: { priorTrades: 1e9 } },
  );

/** CPU ms of this process running `fn`: on a shared machine the wall clock also counts others' turns. */
async function cpuMs(fn: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const benchmarks: Benchmark[] = [
  {
    name: "router.portfolio_two_bots_1m_bars",
    budget: { on: "ratio", op: "<=", limit: 1.5 },
    async run() {
      // Interleaved, after a warm-up of each, so both see the same machine.
      await alone();
      await team();
      const baseline: number[] = [];
      const value: number[] = [];
      for (let i = 0; i < 5; i++) {
        baseline.push(await cpuMs(alone));
        value.push(await cpuMs(team));
      }
      return {
        value: median(value),
        unit: "cpu ms",
        baseline: { name: "the two strategies alone", value: median(baseline) },
      };
    },
  },
];

export default benchmarks;
