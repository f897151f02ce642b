import { describe, expect, it } from "vitest";
import { bars, H1, logLines, run, script, T0 } from "./fixtures.ts";

describe("fill rules (bar mode)", () => {
  it("a signal on a closed bar fills at the next bar's open, at the ask for a buy", async () => {
    const data = bars(
      [
        [1.1, 1.101, 1.099, 1.1005],
        [1.102, 1.103, 1.1015, 1.1025],
        [1.1025, 1.104, 1.102, 1.103],
      ],
      10, // 10 points = 1 pip spread
    );
    const { trades } = await run(data, script({ 0: (ctx) => ctx.buy(), 1: (ctx) => ctx.closePositions() }));
    expect(trades).toHaveLength(1);
    expect(trades[0].entryTime).toBe(T0 + H1);
    expect(trades[0].entryPrice).toBeCloseTo(1.1021, 10); // bar 1 open 1.1020 + 1 pip spread
    expect(trades[0].exitTime).toBe(T0 + 2 * H1);
    expect(trades[0].exitPrice).toBeCloseTo(1.1025, 10); // bar 2 open, at the bid
    expect(trades[0].pnl).toBeCloseTo(0.0004 * 100_000, 6); // 4 pips on 1 lot = 40 USD
  });

  it("trade_on_close fills at the signal bar's close", async () => {
    const data = bars([
      [1.1, 1.101, 1.099, 1.1005],
      [1.102, 1.103, 1.1015, 1.1025],
    ]);
    const { trades } = await run(data, script({ 0: (ctx) => ctx.buy(), 1: (ctx) => ctx.closePositions() }), {
      options: { tradeOnClose: true, closeAtEnd: true, onRuin: "stop" },
    });
    expect(trades[0].entryPrice).toBe(1.1005);
    expect(trades[0].entryTime).toBe(T0);
    expect(trades[0].exitPrice).toBe(1.1025);
    expect(trades[0].exitReason).toBe("signal");
  });

  it("a buy stop fills at its level inside the bar, and at the open when the price gaps through", async () => {
    const data = bars([
      [1.1, 1.1005, 1.0995, 1.1],
      [1.1, 1.103, 1.0995, 1.102], // crosses 1.1010 inside the bar
      [1.102, 1.1025, 1.1015, 1.102],
      [1.105, 1.106, 1.1045, 1.1055], // opens above 1.1030: gap
    ]);
    const { trades } = await run(
      data,
      script({
        0: (ctx) => ctx.order({ side: 1, type: "stop", price: 1.101 }),
        2: (ctx) => {
          ctx.closePositions();
          ctx.order({ side: 1, type: "stop", price: 1.103 });
        },
      }),
    );
    expect(trades.map((t) => [t.entryIndex, t.entryPrice])).toEqual([
      [1, 1.101],
      [3, 1.105],
    ]);
  });

  it("a sell limit fills at its level, or better when the price gaps above it", async () => {
    const data = bars([
      [1.1, 1.1005, 1.0995, 1.1],
      [1.104, 1.105, 1.1035, 1.104],
    ]);
    const { trades } = await run(data, script({ 0: (ctx) => ctx.order({ side: -1, type: "limit", price: 1.102 }) }));
    expect(trades[0].side).toBe("short");
    expect(trades[0].entryPrice).toBe(1.104);
  });

  it("same-bar stop and target: a bullish bar visits the low first (stop), a bearish one the high first (target)", async () => {
    // Long from 1.1000 with SL 1.0990 and TP 1.1010; bar 1 reaches both.
    const enter = (ctx: Parameters<Parameters<typeof script>[0][number]>[0]) => ctx.buy({ sl: 1.099, tp: 1.101 });
    const bullish = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.102, 1.098, 1.1015],
    ]);
    const bearish = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.102, 1.098, 1.0985],
    ]);
    const a = await run(bullish, script({ 0: enter }));
    const b = await run(bearish, script({ 0: enter }));
    expect([a.trades[0].exitReason, a.trades[0].exitPrice]).toEqual(["stop_loss", 1.099]);
    expect([b.trades[0].exitReason, b.trades[0].exitPrice]).toEqual(["take_profit", 1.101]);
  });

  it("finer bars resolve the path: M1 inside H1 shows the target came first", async () => {
    const hour = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.102, 1.098, 1.1015], // bullish: the stated path would stop out
    ]);
    const minute = bars(
      [
        [1.1, 1.1012, 1.0999, 1.101], // the target is hit in the first minute
        [1.101, 1.101, 1.098, 1.0985],
        [1.0985, 1.102, 1.0985, 1.1015],
      ],
      0,
      60_000,
      T0 + H1,
    );
    const { trades } = await run(hour, script({ 0: (ctx) => ctx.buy({ sl: 1.099, tp: 1.101 }) }), { finer: minute });
    expect([trades[0].exitReason, trades[0].exitPrice]).toEqual(["take_profit", 1.101]);
  });

  it("a stop gapped through at the open fills at the open (worse than the stop)", async () => {
    const data = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.1002, 1.0998, 1.1],
      [1.095, 1.096, 1.094, 1.0955],
    ]);
    const { trades } = await run(data, script({ 0: (ctx) => ctx.buy({ slPips: 20 }) }));
    expect(trades[0].exitReason).toBe("stop_loss");
    expect(trades[0].exitPrice).toBe(1.095);
    expect(trades[0].pips).toBeCloseTo(-50, 9);
  });

  it("a trailing stop follows the best price and closes on the pullback", async () => {
    const data = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.103, 1.1, 1.103], // bullish: high 1.1030 moves the stop to 1.1020
      [1.103, 1.103, 1.1015, 1.1015], // pulls back through 1.1020
    ]);
    const { trades } = await run(data, script({ 0: (ctx) => ctx.buy({ trailingPips: 10 }) }));
    expect(trades[0].exitReason).toBe("trailing_stop");
    expect(trades[0].exitPrice).toBeCloseTo(1.102, 10);
  });

  it("a pending order expires unfilled", async () => {
    const data = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.1005, 1.0995, 1.1],
      [1.1, 1.103, 1.1, 1.103],
    ]);
    const { trades, host } = await run(
      data,
      script({ 0: (ctx) => ctx.order({ side: 1, type: "stop", price: 1.102, expiresAt: T0 + 2 * H1 }) }),
    );
    expect(trades).toHaveLength(0);
    expect(logLines(host)).toContain("order #1 expired unfilled");
  });

  it("rejects a stop order on the wrong side of the market with a warning", async () => {
    const data = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.1, 1.1, 1.1],
    ]);
    const { trades, host } = await run(data, script({ 0: (ctx) => ctx.order({ side: 1, type: "stop", price: 1.09 }) }));
    expect(trades).toHaveLength(0);
    expect(logLines(host, "WARNING")[0]).toContain("wrong side of the market");
  });
});
