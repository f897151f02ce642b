import { beforeAll, describe, expect, it } from "vitest";
import type { Kernels, SimulationColumns } from "../../../src/core/kernels/index.ts";
import { SIMULATED_EXITS, type SimulationParams } from "../../../src/core/strategy/indicators/index.ts";
import { loadKernels } from "./load.ts";

/**
 * The simulator's contract (simulate-signals.ts) on tiny fixtures worked out by hand, run through
 * the twin and through the wasm kernel. Prices around 100 with point 0.01 and pip 0.1 (10 points),
 * 1 lot of 100 units: a price move of 1.0 is 100 in P&L.
 */

type Row = [open: number, high: number, low: number, close: number, spreadPoints: number];

interface Scenario {
  rows: Row[];
  long?: number[];
  short?: number[];
  exit?: number[];
  params?: Partial<SimulationParams>;
}

interface TradeRow {
  entry: number;
  exit: number;
  side: number;
  entryPrice: number;
  exitPrice: number;
  pnl: number;
  reason: (typeof SIMULATED_EXITS)[number];
}

const BASE: SimulationParams = {
  point: 0.01,
  pipSize: 0.1,
  contractSize: 100,
  lots: 1,
  commissionPerLot: 0,
  slPips: 0,
  tpPips: 0,
  initialBalance: 10_000,
};

const backends: Record<"twin" | "wasm", Kernels> = {} as never;
beforeAll(async () => {
  backends.twin = await loadKernels("twin");
  backends.wasm = await loadKernels("wasm");
});

function run(k: Kernels, scenario: Scenario): { trades: TradeRow[]; equity: number[] } {
  const a = k.arena;
  a.reset();
  const n = scenario.rows.length;
  const column = (field: number) => a.f64From(Float64Array.from(scenario.rows, (row) => row[field]));
  const flags = (at: number[] = []) => {
    const values = new Uint8Array(n);
    for (const i of at) values[i] = 1;
    return a.u8From(values);
  };
  const out: SimulationColumns = k.simulate(
    { open: column(0), high: column(1), low: column(2), close: column(3), spread: column(4) },
    { entryLong: flags(scenario.long), entryShort: flags(scenario.short), exit: flags(scenario.exit) },
    { ...BASE, ...scenario.params },
  );
  const trades: TradeRow[] = [];
  for (let t = 0; t < out.tradeCount; t++) {
    trades.push({
      entry: out.entryIndex.view[t],
      exit: out.exitIndex.view[t],
      side: out.side.view[t],
      entryPrice: out.entryPrice.view[t],
      exitPrice: out.exitPrice.view[t],
      pnl: out.pnl.view[t],
      reason: SIMULATED_EXITS[out.reason.view[t]],
    });
  }
  return { trades, equity: Array.from(out.equity.view) };
}

function expectTrades(actual: TradeRow[], expected: TradeRow[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((trade, t) => {
    const got = actual[t];
    expect({ entry: got.entry, exit: got.exit, side: got.side, reason: got.reason }, `trade ${t}`).toEqual({
      entry: trade.entry,
      exit: trade.exit,
      side: trade.side,
      reason: trade.reason,
    });
    expect(got.entryPrice, `trade ${t} entry price`).toBeCloseTo(trade.entryPrice, 9);
    expect(got.exitPrice, `trade ${t} exit price`).toBeCloseTo(trade.exitPrice, 9);
    expect(got.pnl, `trade ${t} P&L`).toBeCloseTo(trade.pnl, 9);
  });
}

function expectEquity(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (const [i, value] of expected.entries()) expect(actual[i], `equity[${i}]`).toBeCloseTo(value, 9);
}

for (const backend of ["twin", "wasm"] as const) {
  describe(`simulator (${backend})`, () => {
    it("a signal fills at the next open: long buys at the ask, the exit sells at the bid", () => {
      const { trades, equity } = run(backends[backend], {
        rows: [
          [100, 101, 99, 100.5, 10],
          [100.5, 102, 100, 101.5, 10],
          [101.5, 103, 101, 102, 20],
          [102, 102.5, 101.5, 102.2, 10],
        ],
        long: [0],
        exit: [1],
      });
      // Bought at 100.5 + 10 points = 100.6; sold at bar 2's open bid 101.5: +0.9 × 100.
      expectTrades(trades, [
        { entry: 1, exit: 2, side: 1, entryPrice: 100.6, exitPrice: 101.5, pnl: 90, reason: "signal" },
      ]);
      // Bar 1 marks the long at its close bid: (101.5 − 100.6) × 100.
      expectEquity(equity, [10_000, 10_090, 10_090, 10_090]);
    });

    it("bullish bar: open → low → high, so the stop is reached before the target", () => {
      const { trades } = run(backends[backend], {
        rows: [
          [100, 100, 100, 100, 0],
          [100, 100.6, 99.4, 100.2, 0],
        ],
        long: [0],
        params: { slPips: 5, tpPips: 5 },
      });
      expectTrades(trades, [
        { entry: 1, exit: 1, side: 1, entryPrice: 100, exitPrice: 99.5, pnl: -50, reason: "stop_loss" },
      ]);
    });

    it("bearish bar: open → high → low, so the target is reached before the stop", () => {
      const { trades } = run(backends[backend], {
        rows: [
          [100, 100, 100, 100, 0],
          [100, 100.6, 99.4, 99.8, 0],
        ],
        long: [0],
        params: { slPips: 5, tpPips: 5 },
      });
      expectTrades(trades, [
        { entry: 1, exit: 1, side: 1, entryPrice: 100, exitPrice: 100.5, pnl: 50, reason: "take_profit" },
      ]);
    });

    it("a stop gapped through at the open fills at the open, not at its level", () => {
      const { trades, equity } = run(backends[backend], {
        rows: [
          [100, 100, 100, 100, 0],
          [100, 100.2, 99.8, 100, 0],
          [99, 99.5, 98.5, 99.2, 0],
        ],
        long: [0],
        params: { slPips: 5 },
      });
      expectTrades(trades, [
        { entry: 1, exit: 2, side: 1, entryPrice: 100, exitPrice: 99, pnl: -100, reason: "stop_loss" },
      ]);
      expectEquity(equity, [10_000, 10_000, 9_900]);
    });

    it("a short sells at the bid and its stop watches the ask (bid + spread)", () => {
      // Short at 100 (bid), stop 100.5 on the ask: the bid peaks at 100.45, the ask at 100.55.
      const { trades } = run(backends[backend], {
        rows: [
          [100, 100, 100, 100, 10],
          [100, 100.45, 99.9, 100.3, 10],
        ],
        short: [0],
        params: { slPips: 5, tpPips: 20 },
      });
      expectTrades(trades, [
        { entry: 1, exit: 1, side: -1, entryPrice: 100, exitPrice: 100.5, pnl: -50, reason: "stop_loss" },
      ]);
    });

    it("an opposite entry reverses at the open; a position left open closes at the last close", () => {
      const { trades, equity } = run(backends[backend], {
        rows: [
          [100, 100, 100, 100, 10],
          [100, 101, 99.5, 100.8, 10],
          [100.8, 101.2, 100.4, 101, 10],
          [101, 101.1, 99.9, 100, 10],
          [100, 100.2, 99.4, 99.5, 20],
        ],
        long: [0],
        short: [2],
      });
      expectTrades(trades, [
        // Long bought at 100.1, closed at bar 3's open bid 101.
        { entry: 1, exit: 3, side: 1, entryPrice: 100.1, exitPrice: 101, pnl: 90, reason: "reverse" },
        // Short sold at that same bid, bought back at the last close's ask 99.5 + 0.2.
        { entry: 3, exit: 4, side: -1, entryPrice: 101, exitPrice: 99.7, pnl: 130, reason: "end_of_test" },
      ]);
      // Bar 3 marks the short at its close ask 100.1: +0.9 × 100; the last value is the final balance.
      expectEquity(equity, [10_000, 10_070, 10_090, 10_180, 10_220]);
    });

    it("commission per lot per side: the entry's is in the equity, both are in the P&L", () => {
      const { trades, equity } = run(backends[backend], {
        rows: [
          [100, 100, 100, 100, 0],
          [100, 100.5, 99.5, 100.2, 0],
          [100.2, 100.3, 100.1, 100.2, 0],
        ],
        long: [0],
        exit: [1],
        params: { lots: 2, commissionPerLot: 3 },
      });
      // 2 lots = 200 units: +0.2 × 200 = 40, minus 2 × 3 × 2 = 12.
      expectTrades(trades, [
        { entry: 1, exit: 2, side: 1, entryPrice: 100, exitPrice: 100.2, pnl: 28, reason: "signal" },
      ]);
      expectEquity(equity, [10_000, 10_034, 10_028]);
    });

    it("both entries at once, an entry on the side held, and the last bar's signals change nothing", () => {
      const { trades } = run(backends[backend], {
        rows: [
          [100, 100, 100, 100, 0],
          [100, 100, 100, 100, 0],
          [100, 100, 100, 100, 0],
          [100, 100, 100, 100, 0],
        ],
        long: [0, 1, 2, 3],
        short: [0, 3],
      });
      // Bar 0: both → nothing. Bar 1: long → opens at bar 2. Bar 2: long again → held. Bar 3: last.
      expectTrades(trades, [
        { entry: 2, exit: 3, side: 1, entryPrice: 100, exitPrice: 100, pnl: 0, reason: "end_of_test" },
      ]);
    });

    it("an exit beats an entry on the same bar: flat, nothing opens", () => {
      const { trades } = run(backends[backend], {
        rows: [
          [100, 100, 100, 100, 0],
          [100, 100, 100, 100, 0],
          [101, 101, 101, 101, 0],
          [102, 102, 102, 102, 0],
        ],
        long: [0, 1],
        short: [1],
        exit: [1],
      });
      expectTrades(trades, [
        { entry: 1, exit: 2, side: 1, entryPrice: 100, exitPrice: 101, pnl: 100, reason: "signal" },
      ]);
    });

    it("a stop tighter than the spread closes the trade at its fill bar's open", () => {
      // Bought at the ask 100.1 with a 0.5-pip stop at 100.05: the bid (100) is already below it.
      const { trades } = run(backends[backend], {
        rows: [
          [100, 100, 100, 100, 10],
          [100, 100.3, 99.9, 100.2, 10],
        ],
        long: [0],
        params: { slPips: 0.5 },
      });
      expectTrades(trades, [
        { entry: 1, exit: 1, side: 1, entryPrice: 100.1, exitPrice: 100, pnl: -10, reason: "stop_loss" },
      ]);
    });

    it("no bars: no trades, no equity", () => {
      const { trades, equity } = run(backends[backend], { rows: [] });
      expect(trades).toEqual([]);
      expect(equity).toEqual([]);
    });
  });
}
