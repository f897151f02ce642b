import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../../src/core/engine/metrics.ts";
import type { Trade } from "../../../src/core/engine/orders.ts";
import { backtestEventSchema } from "../../../src/core/protocol/backtest.ts";
import { createStrategy } from "../../../src/core/strategy/index.ts";
import { bars, H1, logLines, recordingHost, run, script, T0 } from "./fixtures.ts";

const rising = (n: number) =>
  bars(
    Array.from(
      { length: n },
      (_, i) =>
        [1 + i * 0.001, 1 + i * 0.001 + 0.0005, 1 + i * 0.001 - 0.0005, 1 + i * 0.001 + 0.0004] as [
          number,
          number,
          number,
          number,
        ],
    ),
  );

describe("a run's events (SPEC §6)", () => {
  it("start first, complete last, seq +1 each, every event valid against its schema", async () => {
    const { host } = await run(rising(20), script({ 2: (ctx) => ctx.buy(), 10: (ctx) => ctx.closePositions() }));
    const types = host.events.map((e) => e.type);
    expect(types[0]).toBe("backtest_start");
    expect(types.at(-1)).toBe("backtest_complete");
    expect(host.events.map((e) => e.seq)).toEqual(host.events.map((_, i) => i));
    for (const event of host.events) expect(backtestEventSchema.safeParse(event).success).toBe(true);
    expect(host.events.filter((e) => e.type === "trade").map((e) => e.type === "trade" && e.data.action)).toEqual([
      "open",
      "close",
    ]);
  });

  it("the last progress is 100 % and counts the trade closed at the end of the test", async () => {
    const { host, result } = await run(rising(20), script({ 2: (ctx) => ctx.buy() }));
    const progress = host.events.filter((e) => e.type === "backtest_progress");
    expect(progress.at(-1)?.data).toMatchObject({ progress: 100, status: "finishing", trades_count: 1 });
    expect(result.trades).toHaveLength(1);
  });

  it("log lines carry the simulated time of the bar they happened on", async () => {
    const { host } = await run(rising(6), script({ 2: (ctx) => ctx.log.info("hello from bar 2") }));
    const line = host.events.find((e) => e.type === "log_entry" && e.data.message === "hello from bar 2");
    expect(line?.data).toMatchObject({
      level: "INFO",
      module: "strategy",
      sim_time: new Date(T0 + 2 * H1).toISOString(),
    });
  });

  it("logs the data, warm-up and the end of the run", async () => {
    const { host } = await run(rising(10), script({}), { startIndex: 4 });
    const lines = logLines(host);
    expect(lines[0]).toMatch(/^data loaded: 10 H1 bars of EURUSD/);
    expect(lines[1]).toMatch(/^warm-up: 4 rows of history before 2024-01-02T14:00:00.000Z; indicators ready/);
    expect(lines.at(-1)).toMatch(/^finished: 0 trades/);
  });
});

describe("look-ahead is impossible", () => {
  it("series read only up to the current bar, and ctx.bars only in init", async () => {
    const seen: number[] = [];
    let lookahead: unknown;
    await run(rising(5), {
      init(ctx) {
        expect(ctx.bars.length).toBe(5);
      },
      onBar(ctx) {
        seen.push(ctx.close.get(-1), ctx.close.get(0), ctx.close.length);
        if (ctx.index === 1) {
          try {
            void ctx.bars;
          } catch (error) {
            lookahead = error;
          }
        }
      },
    });
    expect(seen.slice(0, 3)).toEqual([Number.NaN, 1.0004, 1]);
    expect(lookahead).toMatchObject({ code: "STRATEGY_LOOKAHEAD" });
  });

  it("warm-up bars feed indicators but never reach onBar", async () => {
    const indices: number[] = [];
    await run(rising(8), { onBar: (ctx) => void indices.push(ctx.index) }, { startIndex: 5 });
    expect(indices).toEqual([5, 6, 7]);
  });
});

describe("a failing strategy", () => {
  it("ends the run with backtest_error naming the error and its stack", async () => {
    const host = recordingHost();
    const failing = script({
      3: () => {
        throw new TypeError("cannot read 'x' of undefined");
      },
    });
    await expect(run(rising(6), failing, {}, host)).rejects.toMatchObject({ code: "STRATEGY_ERROR" });
    const last = host.events.at(-1);
    expect(last?.type).toBe("backtest_error");
    expect(last?.data).toMatchObject({ error: "strategy error: cannot read 'x' of undefined" });
    expect(last?.type === "backtest_error" && last.data.error_details).toContain("run.test.ts");
  });

  it("a cancelled run stops with BACKTEST_CANCELLED", async () => {
    const host = { ...recordingHost(), cancelled: () => true };
    let clock = 0;
    host.wallNow = () => (clock += 100);
    await expect(run(rising(10), script({}), {}, host)).rejects.toMatchObject({ code: "BACKTEST_CANCELLED" });
  });
});

describe("built-in MA cross", () => {
  it("is always in the market after the first cross and reverses on each cross", async () => {
    // Down, then up, then down: crosses at known bars with fast=2, slow=4.
    const closes = [5, 4, 3, 2, 1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1];
    const data = bars(closes.map((c) => [c, c, c, c] as [number, number, number, number]));
    const { instance, params } = createStrategy("ma_cross", { fast: 2, slow: 4 });
    const { trades } = await run(data, instance, {
      strategy: { id: "ma_cross", params, instance },
      sizing: { mode: "fixed", lots: 0.01 },
    });
    // SMA(2) crosses above SMA(4) on bar 6 (1.5 ≤ 2.0, then 2.5 > 2.0) and below on bar 11
    // (5.5 > 5.0, then 4.5 < 5.0); each signal fills at the next bar's open.
    expect(trades.map((t) => [t.side, t.entryIndex, t.exitIndex, t.exitReason])).toEqual([
      ["long", 7, 12, "signal"],
      ["short", 12, 14, "end_of_test"],
    ]);
  });

  it("rejects fast ≥ slow, naming the parameter", () => {
    expect(() => createStrategy("ma_cross", { fast: 30, slow: 30 })).toThrow(
      expect.objectContaining({ code: "STRATEGY_BAD_PARAM", where: { path: "$.strategy.parameters.fast" } }),
    );
    expect(() => createStrategy("ma_cross", { fast: 1.5 })).toThrow(/parameter fast/);
    expect(() => createStrategy("nope", {})).toThrow(/unknown strategy 'nope'/);
  });
});

describe("metrics", () => {
  const trade = (pnl: number, pips: number): Trade => ({
    id: 0,
    positionId: 0,
    side: "long",
    lots: 1,
    entryTime: 0,
    entryPrice: 1,
    exitTime: 0,
    exitPrice: 1,
    entryIndex: 0,
    exitIndex: 0,
    pnl,
    grossPnl: pnl,
    pips,
    commission: 0,
    swap: 0,
    mae: 2,
    mfe: 4,
    sl: null,
    tp: null,
    entryEquity: null,
    session: "",
    exitReason: "signal",
    comment: "",
  });

  it("computes trade statistics and drawdown from hand numbers", () => {
    const day = 86_400_000;
    const time = Float64Array.from([0, 1, 2, 3, 4], (d) => d * day);
    const equity = Float64Array.from([1000, 1100, 990, 1045, 1200]);
    const m = computeMetrics({
      trades: [trade(100, 10), trade(-110, -11), trade(55, 5), trade(155, 15)],
      initialBalance: 1000,
      finalBalance: 1200,
      time,
      equity,
      exposed: Uint8Array.from([1, 1, 0, 1, 0]),
      dayCloses: Float64Array.from([0.5, 1.5, 2.5, 3.5, 4.5], (d) => d * day),
      firstOpen: 1,
      lastClose: 1.1,
      start: 0,
      end: 4 * day,
      refusedOrders: 0,
    });
    expect(m.net_profit).toBe(200);
    expect(m.gross_profit).toBe(310);
    expect(m.gross_loss).toBe(-110);
    expect(m.profit_factor).toBeCloseTo(310 / 110, 12);
    expect(m.win_rate).toBe(75);
    expect(m.max_drawdown).toBeCloseTo(110, 9);
    expect(m.max_drawdown_pct).toBeCloseTo(10, 9);
    expect(m.max_consecutive_wins).toBe(2);
    expect(m.max_consecutive_losses).toBe(1);
    expect(m.exposure_pct).toBe(60);
    expect(m.expectancy).toBe(50);
    expect(m.avg_win).toBeCloseTo(310 / 3, 12);
    expect(m.kelly).toBeCloseTo(0.75 - 0.25 / (310 / 3 / 110), 12);
    // Trade P&L mean 50, sample stdev √((50² + 160² + 5² + 105²) / 3).
    expect(m.sqn).toBeCloseTo((2 * 50) / Math.sqrt((2500 + 25600 + 25 + 11025) / 3), 12);
    expect(m.recovery_factor).toBeCloseTo(200 / 110, 12);
    expect(m.buy_hold_return_pct).toBeCloseTo(10, 9);
    // Daily returns from the initial balance: 1000→1000→1100→990→1045→1200.
    const r = [0, 0.1, -0.1, 55 / 990, 155 / 1045];
    const mean = r.reduce((a, b) => a + b) / 5;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    expect(m.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(252), 9);
    expect(m.longest_drawdown_days).toBe(3); // peak on day 1, recovered on day 4
  });

  it("leaves ratios undefined (null) rather than Infinity", () => {
    const m = computeMetrics({
      trades: [trade(10, 1)],
      initialBalance: 100,
      finalBalance: 110,
      time: Float64Array.from([0, 1]),
      equity: Float64Array.from([100, 110]),
      exposed: new Uint8Array(2),
      dayCloses: new Float64Array(0),
      firstOpen: 1,
      lastClose: 1,
      start: 0,
      end: 1,
      refusedOrders: 0,
    });
    expect([m.profit_factor, m.sharpe, m.sqn, m.avg_loss, m.calmar]).toEqual([null, null, null, null, null]);
  });
});
