import { describe, expect, it } from "vitest";
import { syntheticBars } from "../../../src/core/data/synthetic.ts";
import { computeMetrics, dailyReturns } from "../../../src/core/engine/metrics.ts";
import { DEFAULT_ACCOUNT, DEFAULT_COSTS, DEFAULT_OPTIONS } from "../../../src/core/engine/spec.ts";
import { createStrategy } from "../../../src/core/strategy/index.ts";
import { MS_PER_DAY } from "../../../src/core/units.ts";
import { bars, logLines, run, script } from "./fixtures.ts";

// Issue 14: a run that wipes out the account must stop trading and report meaningful numbers.

const account = (initialBalance: number) => ({ ...DEFAULT_ACCOUNT, initialBalance });

describe("margin before a fill", () => {
  it("refuses an entry the free margin cannot carry, logs it and counts it", async () => {
    // 1,000,000 lots of EURUSD at 1.1 need 1.1 billion USD of margin at 1:100.
    const data = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.101, 1.099, 1.1],
      [1.1, 1.1, 1.1, 1.1],
    ]);
    const { result, host, trades } = await run(data, script({ 0: (ctx) => ctx.buy({ lots: 1_000_000 }) }));
    expect(trades).toHaveLength(0);
    expect(result.metrics.refused_orders).toBe(1);
    expect(result.metrics.final_balance).toBe(10_000);
    expect(logLines(host, "WARNING")).toContain(
      "order #1 refused: not enough money: 1000000.00 lots need 1100000000.00 USD margin, free margin 10000.00 USD",
    );
  });

  it("fills an entry the free margin carries, and refuses a second one it no longer can", async () => {
    // 1 lot needs 1,100 USD: a 2,000 USD account carries one, not two.
    const data = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.1, 1.1, 1.1],
    ]);
    const { result, trades } = await run(
      data,
      script({
        0: (ctx) => {
          ctx.buy();
          ctx.buy();
        },
      }),
      { account: account(2_000) },
    );
    expect(trades).toHaveLength(1);
    expect(result.metrics.refused_orders).toBe(1);
    // A position open: its P&L may still free the margin, so this is no ruin.
    expect(result.ruin).toBeNull();
  });
});

describe("ruin", () => {
  // Daily bars: a long from 1.1 at 1 lot, +500 and −300 USD, then a gap to 1.07 (−3,000 USD).
  const gap = bars(
    [
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.105, 1.1, 1.105],
      [1.105, 1.105, 1.102, 1.102],
      [1.07, 1.07, 1.06, 1.065],
      [1.065, 1.07, 1.06, 1.065],
    ],
    0,
    MS_PER_DAY,
    Date.UTC(2024, 0, 1),
  );
  // The second entry, placed on the bar of the ruin, would fill at the next bar's open.
  const buyThenAgain = script({ 0: (ctx) => ctx.buy(), 3: (ctx) => ctx.buy() });

  it("stops out at the open of a gap and ends the test on that bar with reason ruin", async () => {
    const { result, host, trades } = await run(gap, buyThenAgain, { account: account(2_000), timeframe: "D1" });
    expect(trades.map((t) => [t.exitReason, t.exitPrice])).toEqual([["stop_out", 1.07]]);
    expect(result.end_reason).toBe("ruin");
    expect(result.end).toBe(gap.time[3]);
    expect(result.bars_processed).toBe(4);
    expect(result.ruin).toEqual({
      time: gap.time[3],
      equity: expect.closeTo(-1_000, 6),
      reason: "the balance fell to -1000.00 USD with no position open",
    });
    expect(logLines(host, "ERROR")).toEqual([
      "ruin: the balance fell to -1000.00 USD with no position open; the test ends here (on_ruin: stop)",
    ]);
    expect(logLines(host).at(-1)).toMatch(/^finished by ruin: 1 trades, net -3000\.00 USD \(-150\.00%\)/);
  });

  it("reports metrics a total loss can have: drawdown 100 %, CAGR −100 %, negative Sharpe and Sortino", async () => {
    const { result } = await run(gap, buyThenAgain, { account: account(2_000), timeframe: "D1" });
    const m = result.metrics;
    expect(m.net_profit).toBeCloseTo(-3_000, 6);
    expect(m.return_pct).toBeCloseTo(-150, 6);
    // Peak 2,500 at the first close; below zero counts as nothing left: 100 %.
    expect(m.max_drawdown).toBeCloseTo(3_500, 6);
    expect(m.max_drawdown_pct).toBe(100);
    expect(m.cagr_pct).toBe(-100);
    // Daily equity 2,000 → 2,000 → 2,500 → 2,200 → (−1,000, a total loss): then nothing to measure.
    const r = [0, 0.25, -0.12, -1];
    const mean = r.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
    expect(m.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(252), 9);
    expect(m.sortino).toBeCloseTo((mean / Math.sqrt((0.12 ** 2 + 1) / 4)) * Math.sqrt(252), 9);
    expect(m.sharpe).toBeLessThan(0);
    expect(m.sortino).toBeLessThan(0);
    expect(m.calmar).toBe(-1);
  });

  it("goes on to the end with on_ruin continue, refusing what the account cannot carry", async () => {
    const { result, trades } = await run(gap, buyThenAgain, {
      account: account(2_000),
      timeframe: "D1",
      options: { ...DEFAULT_OPTIONS, onRuin: "continue" },
    });
    expect(trades).toHaveLength(1);
    expect(result.end_reason).toBe("end_of_data");
    expect(result.end).toBe(gap.time[4]);
    expect(result.ruin?.time).toBe(gap.time[3]);
    expect(result.metrics.refused_orders).toBe(1);
  });

  it("ends a flat account that can no longer carry its fixed-size entry", async () => {
    // 0.1 lot needs 110 USD of margin: a 100 USD account can never open one.
    const data = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.1, 1.1, 1.1],
    ]);
    const { result } = await run(data, script({ 0: (ctx) => ctx.buy(), 1: (ctx) => ctx.buy() }), {
      account: account(100),
      sizing: { mode: "fixed", lots: 0.1 },
    });
    expect(result.end_reason).toBe("ruin");
    expect(result.end).toBe(data.time[1]);
    expect(result.ruin?.reason).toBe(
      "the account (100.00 USD) can no longer carry a 0.10-lot entry (margin 110.00 USD) and has no position open",
    );
    expect(result.metrics.refused_orders).toBe(1);
  });

  it("issue 14: the MA cross that bled below zero now ends with ruin, never trading on a negative balance", async () => {
    // The default MA cross (10/30, 0.1 lot) pays the spread on every one of its many trades: on a
    // small account it bleeds out. Before, it stopped out and re-entered below zero every bar.
    const from = Date.UTC(2025, 0, 6);
    const m1 = syntheticBars("EURUSD", from, from + 28 * MS_PER_DAY, 1);
    const { instance, params } = createStrategy("ma_cross", { fast: 10, slow: 30 });
    const { result, trades } = await run(m1, instance, {
      strategy: { id: "ma_cross", params, instance },
      timeframe: "M1",
      account: account(300),
      sizing: { mode: "fixed", lots: 0.1 },
      costs: { ...DEFAULT_COSTS, swaps: false },
    });
    expect(result.end_reason).toBe("ruin");
    expect(result.ruin?.reason).toMatch(/^the account \(\d+\.\d\d USD\) can no longer carry a 0\.10-lot entry/);
    expect(result.metrics.final_balance).toBeGreaterThan(0);
    expect(result.metrics.refused_orders).toBe(1);
    expect(result.metrics.max_consecutive_losses).toBeLessThan(100);
    expect(result.metrics.sharpe).toBeLessThan(0);
    expect(result.metrics.max_drawdown_pct).toBeLessThanOrEqual(100);
    expect(Math.max(...trades.map((t) => t.exitTime))).toBeLessThanOrEqual(result.end);
  });
});

describe("daily returns", () => {
  it("stop on the first day the equity is at or below zero, measured on the equity before it", () => {
    const day = MS_PER_DAY;
    const time = Float64Array.from([0, 1, 2, 3, 4], (d) => d * day);
    // The account goes below zero on day 2 and "recovers" to −50 on day 3: not a +50 % day.
    const equity = Float64Array.from([1_100, 900, -100, -50, 200]);
    const closes = Float64Array.from([1, 2, 3, 4, 5], (d) => d * day - 1);
    const returns = dailyReturns(time, equity, closes, 1_000);
    expect(returns).toHaveLength(3);
    for (const [i, r] of [0.1, 900 / 1_100 - 1, -1].entries()) expect(returns[i]).toBeCloseTo(r, 12);
  });

  it("keep a never-ruined run's metrics as they were", () => {
    const day = MS_PER_DAY;
    const m = computeMetrics({
      trades: [],
      initialBalance: 1_000,
      finalBalance: 1_000,
      time: Float64Array.from([0, day]),
      equity: Float64Array.from([1_000, 900]),
      exposed: new Uint8Array(2),
      dayCloses: new Float64Array(0),
      firstOpen: 1,
      lastClose: 1,
      start: 0,
      end: 365.25 * day,
      refusedOrders: 0,
    });
    expect(m.max_drawdown_pct).toBeCloseTo(10, 12);
    expect(m.cagr_pct).toBeCloseTo(-10, 9);
  });
});
