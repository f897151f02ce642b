import { describe, expect, it } from "vitest";
import { DEFAULT_COSTS } from "../../../src/core/engine/spec.ts";
import { bars, EURUSD, H1, logLines, run, script, T0, USDJPY } from "./fixtures.ts";

const flat = (n: number, price = 1.1) =>
  bars(Array.from({ length: n }, () => [price, price, price, price] as [number, number, number, number]));
const roundTrip = script({ 0: (ctx) => ctx.buy(), 1: (ctx) => ctx.closePositions() });

describe("costs", () => {
  it("a round trip on a flat market costs exactly the spread", async () => {
    const data = bars(
      [
        [1.1, 1.1, 1.1, 1.1],
        [1.1, 1.1, 1.1, 1.1],
        [1.1, 1.1, 1.1, 1.1],
      ],
      15,
    );
    const { trades } = await run(data, roundTrip);
    expect(trades[0].pips).toBeCloseTo(-1.5, 9);
    expect(trades[0].pnl).toBeCloseTo(-15, 6);
  });

  it("a fixed spread and extra spread replace the bar's spread", async () => {
    const data = bars(
      [
        [1.1, 1.1, 1.1, 1.1],
        [1.1, 1.1, 1.1, 1.1],
        [1.1, 1.1, 1.1, 1.1],
      ],
      99,
    );
    const { trades } = await run(data, roundTrip, {
      costs: { ...DEFAULT_COSTS, swaps: false, spread: 5, extraSpread: 3 },
    });
    expect(trades[0].pnl).toBeCloseTo(-8, 6);
  });

  it("commission per lot per side is charged on entry and exit", async () => {
    const { trades } = await run(flat(3), roundTrip, {
      costs: { ...DEFAULT_COSTS, swaps: false, commission: { mode: "per_lot", perLotPerSide: 3.5 } },
    });
    expect(trades[0].commission).toBeCloseTo(7, 9);
    expect(trades[0].pnl).toBeCloseTo(-7, 9);
  });

  it("commission as a percentage of notional per side", async () => {
    const { trades } = await run(flat(3), roundTrip, {
      costs: { ...DEFAULT_COSTS, swaps: false, commission: { mode: "percent", percent: 0.01 } },
    });
    // 1 lot × 100,000 × 1.1 = 110,000 USD notional; 0.01 % = 11 USD per side.
    expect(trades[0].commission).toBeCloseTo(22, 9);
  });

  it("slippage moves market fills against the trader", async () => {
    const { trades } = await run(flat(3), roundTrip, { costs: { ...DEFAULT_COSTS, swaps: false, slippage: 2 } });
    expect(trades[0].entryPrice).toBeCloseTo(1.10002, 10);
    expect(trades[0].exitPrice).toBeCloseTo(1.09998, 10);
  });

  it("swaps at the 17:00 New York rollover, triple on Wednesday", async () => {
    // Hourly bars from Tuesday 2024-01-02 10:00 UTC to Friday; rollovers Tue, Wed (×3), Thu 22:00 UTC.
    const n = 80;
    const rollovers = {
      time: Float64Array.from([Date.UTC(2024, 0, 2, 22), Date.UTC(2024, 0, 3, 22), Date.UTC(2024, 0, 4, 22)]),
      days: Uint8Array.from([1, 3, 1]),
    };
    const { trades } = await run(flat(n), script({ 0: (ctx) => ctx.buy(), [n - 2]: (ctx) => ctx.closePositions() }), {
      costs: { ...DEFAULT_COSTS },
      rollovers,
    });
    // swapLong −10 points × 0.00001 × 100,000 × 1 lot = −10 USD a day; 1 + 3 + 1 days.
    expect(trades[0].swap).toBeCloseTo(-50, 9);
    expect(trades[0].pnl).toBeCloseTo(-50, 9);
    expect(trades[0].exitTime).toBe(T0 + (n - 1) * H1);
  });
});

describe("currency conversion", () => {
  it("converts USDJPY P&L from JPY to a USD account at the exit rate", async () => {
    const data = bars([
      [150, 150, 150, 150],
      [150, 150, 150, 150],
      [151, 151, 151, 151],
    ]);
    const { trades } = await run(data, roundTrip, { instrument: USDJPY });
    // 1 lot = 100,000 USD; +1.000 JPY per USD = 100,000 JPY = 100,000 / 151 USD.
    expect(trades[0].pnl).toBeCloseTo(100_000 / 151, 9);
    expect(trades[0].pips).toBeCloseTo(100, 9);
  });

  it("refuses a cross pair without a conversion rate, naming the setting", async () => {
    const eurgbp = { ...EURUSD, symbol: "EURGBP", quoteCurrency: "GBP" };
    await expect(run(flat(2), roundTrip, { instrument: eurgbp })).rejects.toMatchObject({
      code: "ENGINE_NO_CONVERSION",
      where: { field: "quote_to_account_rate" },
    });
    const { trades } = await run(
      bars([
        [0.85, 0.85, 0.85, 0.85],
        [0.85, 0.85, 0.85, 0.85],
        [0.86, 0.86, 0.86, 0.86],
      ]),
      roundTrip,
      { instrument: eurgbp, quoteToAccount: 1.25 },
    );
    expect(trades[0].pnl).toBeCloseTo(0.01 * 100_000 * 1.25, 6);
  });
});

describe("sizing", () => {
  it("risk sizing: 1 % of equity lost at a 20-pip stop gives 0.5 lots", async () => {
    const { trades } = await run(
      flat(3),
      script({ 0: (ctx) => ctx.buy({ slPips: 20 }), 1: (ctx) => ctx.closePositions() }),
      {
        sizing: { mode: "risk", percent: 1 },
      },
    );
    expect(trades[0].lots).toBeCloseTo(0.5, 12);
  });

  it("fraction sizing buys whole units of equity × leverage × fraction", async () => {
    const { trades } = await run(flat(3), roundTrip, {
      sizing: { mode: "fraction", fraction: 0.5 },
      account: {
        currency: "USD",
        initialBalance: 10_000,
        leverage: 1,
        mode: "hedging",
        marginCallLevel: 100,
        stopOutLevel: 50,
      },
    });
    expect(trades[0].lots * 100_000).toBe(Math.floor((0.5 * 10_000) / 1.1));
  });
});

describe("accounts", () => {
  it("netting: an opposite order larger than the position closes it and opens the rest", async () => {
    const { result, trades } = await run(
      flat(4),
      script({ 0: (ctx) => ctx.buy({ lots: 1 }), 1: (ctx) => ctx.sell({ lots: 2 }) }),
      {
        account: {
          currency: "USD",
          initialBalance: 10_000,
          leverage: 100,
          mode: "netting",
          marginCallLevel: 100,
          stopOutLevel: 50,
        },
      },
    );
    expect(trades.map((t) => [t.side, t.lots, t.exitReason])).toEqual([
      ["long", 1, "reverse"],
      ["short", 1, "end_of_test"],
    ]);
    expect(result.metrics.trades).toBe(2);
  });

  it("hedging keeps opposite positions side by side; partial close books part of a position", async () => {
    const { trades } = await run(
      flat(5),
      script({
        0: (ctx) => {
          ctx.buy({ lots: 1 });
          ctx.sell({ lots: 1 });
        },
        2: (ctx) => ctx.closePositions(0.4),
      }),
    );
    expect(trades.map((t) => [t.side, t.lots, t.exitReason])).toEqual([
      ["long", 0.4, "signal"],
      ["short", 0.4, "signal"],
      ["long", 0.6, "end_of_test"],
      ["short", 0.6, "end_of_test"],
    ]);
  });

  it("stop-out closes the losing position when the margin level falls under 50 %", async () => {
    // 1 lot at 1.1 needs 1,100 USD margin at 1:100, which a 1,200 USD account carries; an 80-pip
    // drop (−800 USD) takes the margin level to 400 / 1,100 = 36.4 %, under 50 %.
    const data = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.1, 1.092, 1.095],
    ]);
    const { trades, host } = await run(data, script({ 0: (ctx) => ctx.buy() }), {
      account: {
        currency: "USD",
        initialBalance: 1200,
        leverage: 100,
        mode: "hedging",
        marginCallLevel: 100,
        stopOutLevel: 50,
      },
    });
    expect(trades[0].exitReason).toBe("stop_out");
    expect(trades[0].exitPrice).toBeCloseTo(1.092, 10);
    const warnings = logLines(host, "WARNING");
    expect(warnings[0]).toMatch(/^margin call: margin level 36\.4%/);
    expect(warnings).toContainEqual(expect.stringMatching(/^stop out: margin level/));
  });
});
