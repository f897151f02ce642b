import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { dailyReturns, TRADING_DAYS_PER_YEAR } from "../../../src/core/engine/metrics.ts";
import { createStrategy } from "../../../src/core/strategy/index.ts";
import { MS_PER_DAY } from "../../../src/core/units.ts";
import { run } from "./fixtures.ts";
import { GOOG, googBars } from "./goog.ts";

// Issue 14: where our metrics and backtesting.py's differ on the same trades, and why
// (the conventions are documented on `Metrics` in src/core/engine/metrics.ts).

const TRADES = new URL("../../fixtures/backtesting-py/goog-smacross-trades.csv", import.meta.url);

/** backtesting.py's trades on GOOG: bars, size and P&L (tests/fixtures/backtesting-py/README.md). */
async function referenceTrades() {
  const rows = (await readFile(TRADES, "utf8")).trim().split("\n").slice(1);
  return rows.map((row) => {
    const [size, entryBar, exitBar, , , entryPrice, exitPrice, pnl] = row.split(",");
    return {
      size: Number(size),
      entryBar: Number(entryBar),
      exitBar: Number(exitBar),
      entryPrice: Number(entryPrice),
      exitPrice: Number(exitPrice),
      pnl: Number(pnl),
    };
  });
}

/** backtesting.py's per-bar equity: cash plus the open trade marked at each close. */
function referenceEquity(close: Float64Array, trades: Awaited<ReturnType<typeof referenceTrades>>): Float64Array {
  const equity = new Float64Array(close.length).fill(10_000);
  let cash = 10_000;
  for (const t of trades) {
    for (let b = t.entryBar; b < t.exitBar; b++) equity[b] = cash + t.size * (close[b] - t.entryPrice);
    cash += t.pnl;
    equity[t.exitBar] = cash;
  }
  return equity;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sampleVariance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};

/**
 * backtesting.py's Sharpe (`_stats.py` compute_stats): day returns by pct_change (the first one
 * NaN), the geometric mean over all of them (NaN as 0) compounded over 252 days, over a
 * compounded annual volatility.
 */
function backtestingPySharpe(equity: Float64Array): number {
  const returns: number[] = [];
  for (let i = 1; i < equity.length; i++) returns.push(equity[i] / equity[i - 1] - 1);
  const n = returns.length + 1; // the leading NaN counts in its geometric mean, as 0
  const gmean = Math.exp(returns.reduce((a, r) => a + Math.log(1 + r), 0) / n) - 1;
  const days = TRADING_DAYS_PER_YEAR;
  const annualReturn = (1 + gmean) ** days - 1;
  const volatility = Math.sqrt((sampleVariance(returns) + (1 + gmean) ** 2) ** days - (1 + gmean) ** (2 * days));
  return annualReturn / volatility;
}

function sqn(pnls: number[]): number {
  return (Math.sqrt(pnls.length) * mean(pnls)) / Math.sqrt(sampleVariance(pnls));
}

describe("metrics against backtesting.py (SmaCross 10/30 on its GOOG data)", async () => {
  const bars = await googBars();
  const reference = await referenceTrades();
  const { instance, params } = createStrategy("ma_cross", { fast: 10, slow: 30, kind: "SMA" });
  const { result } = await run(bars, instance, {
    strategy: { id: "ma_cross", params, instance },
    instrument: GOOG,
    timeframe: "D1",
    account: {
      currency: "USD",
      initialBalance: 10_000,
      leverage: 1,
      mode: "hedging",
      marginCallLevel: 100,
      stopOutLevel: 50,
    },
    sizing: { mode: "fraction", fraction: 0.9999 },
  });
  const theirEquity = referenceEquity(bars.close, reference);

  it("rebuilds backtesting.py's published figures from its trades: equity 51,422.99, Sharpe 0.58, SQN 1.08", () => {
    expect(theirEquity[theirEquity.length - 1]).toBeCloseTo(51_422.99, 2);
    expect(backtestingPySharpe(theirEquity)).toBeCloseTo(0.58, 2);
    expect(sqn(reference.map((t) => t.pnl))).toBeCloseTo(1.0766187356697705, 12);
  });

  it("SQN: the same formula; ours reads 1.09 only because our last trade closes at the last close", () => {
    expect(result.metrics.sqn).toBeCloseTo(1.09, 2);
    // Our 66 P&Ls with the last one closed where backtesting.py closes it give its SQN exactly.
    const pnls = result.trades.map((t) => t.pnl);
    pnls[65] = reference[65].pnl;
    expect(sqn(pnls)).toBeCloseTo(1.0766187356697705, 9);
  });

  it("Sharpe: the conventions differ, not the data — arithmetic mean / stdev × √252 reads 0.80 on either equity", () => {
    expect(result.metrics.sharpe).toBeCloseTo(0.8, 2);
    // Our formula on backtesting.py's own equity curve: the same 0.80, where its formula gives 0.58.
    const days = Float64Array.from(bars.time, (t) => t + MS_PER_DAY - 1);
    const r = dailyReturns(bars.time, theirEquity, days, 10_000);
    const ours = (mean(r) / Math.sqrt(sampleVariance(r))) * Math.sqrt(TRADING_DAYS_PER_YEAR);
    expect(ours).toBeCloseTo(0.8, 2);
    expect(backtestingPySharpe(theirEquity)).toBeCloseTo(0.58, 2);
  });
});
