import { beforeAll, describe, expect, it } from "vitest";
import { type KernelName, type Kernels, ROUNDS_DIFFERENTLY } from "../../../src/core/kernels/index.ts";
import {
  applySessionMask,
  atr,
  bollinger,
  crossovers,
  ema,
  rollingMax,
  rollingMin,
  rollingStdev,
  rsi,
  simulateSignals,
  sma,
  wma,
} from "../../../src/core/strategy/indicators/index.ts";
import { loadKernels, random, walk } from "./load.ts";

/**
 * Wasm kernels against their TypeScript twins on random and edge inputs: NaN warm-ups (leading
 * and interior NaN), window 1, a window as long as the data and longer, one value, none.
 * Equal means the same NaN positions and the same values bit for bit (Object.is), except for the
 * kernels of ROUNDS_DIFFERENTLY (their SIMD sums run in two lanes): ≤ 1e-12 relative there.
 */

const TOLERANCE = 1e-12;

function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string, kernel: KernelName): void {
  expect(actual.length, label).toBe(expected.length);
  const tolerance = ROUNDS_DIFFERENTLY.has(kernel) ? TOLERANCE : 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) || Number.isNaN(a)) {
      expect(a, `${label}[${i}]`).toBeNaN();
      expect(e, `${label}[${i}]`).toBeNaN();
    } else if (!Object.is(a, e)) {
      const relative = Math.abs(a - e) / Math.max(Math.abs(e), 1e-300);
      if (!(relative <= tolerance)) expect(a, `${label}[${i}] (relative error ${relative})`).toBe(e);
    }
  }
}

interface Case {
  name: string;
  source: Float64Array;
}

const N = 1000;
const CASES: Case[] = [
  { name: "random walk", source: walk(N, 1) },
  { name: "leading NaN (an indicator's warm-up)", source: walk(N, 2, 1.1, [...Array(37).keys()]) },
  { name: "interior NaN", source: walk(N, 3, 150, [100, 101, 555, 556, 557, 900]) },
  { name: "all NaN", source: new Float64Array(50).fill(Number.NaN) },
  { name: "one value", source: Float64Array.of(1.2345) },
  { name: "no values", source: new Float64Array(0) },
  { name: "flat", source: new Float64Array(200).fill(1.1) },
  { name: "a value then NaN", source: Float64Array.of(1, 2, Number.NaN, 4, 5, 6, Number.NaN) },
];
const PERIODS = [1, 2, 3, 14, 50, 999, 1000, 1001];

let k: Kernels;
beforeAll(async () => {
  k = await loadKernels("wasm");
});

describe("single-input kernels equal their twins", () => {
  const twins = { sma, ema, wma, rsi, rollingStdev, rollingMax, rollingMin } as const;
  for (const name of Object.keys(twins) as (keyof typeof twins)[]) {
    for (const { name: caseName, source } of CASES) {
      it(`${name}: ${caseName}`, () => {
        const column = k.arena.f64From(source);
        for (const period of PERIODS) {
          const kernel = k[name](column, period).view;
          expectSame(kernel, twins[name](source, period), `${name}(${period})`, name);
        }
        k.arena.reset();
      });
    }
  }
});

describe("multi-column kernels equal their twins", () => {
  for (const { name: caseName, source } of CASES) {
    it(`atr and bollinger: ${caseName}`, () => {
      const n = source.length;
      const next = random(9);
      const high = source.map((x) => x + next() * 0.001);
      const low = source.map((x) => x - next() * 0.001);
      const columns = { high: k.arena.f64From(high), low: k.arena.f64From(low), close: k.arena.f64From(source) };
      for (const period of PERIODS) {
        const kernel = k.atr(columns.high, columns.low, columns.close, period).view;
        expectSame(kernel, atr(high, low, source, period), `atr(${period})`, "atr");
        for (const width of [0, 2, 2.5]) {
          const bands = k.bollinger(columns.close, period, width);
          const twin = bollinger(source, period, width);
          expectSame(bands.middle.view, twin.middle, `bollinger(${period}, ${width}).middle`, "bollinger");
          expectSame(bands.upper.view, twin.upper, `bollinger(${period}, ${width}).upper`, "bollinger");
          expectSame(bands.lower.view, twin.lower, `bollinger(${period}, ${width}).lower`, "bollinger");
        }
      }
      expect(n).toBe(columns.close.length);
      k.arena.reset();
    });
  }

  it("crossovers: random series that cross often, with NaN and ties", () => {
    const next = random(5);
    const a = Float64Array.from({ length: 501 }, () => Math.round(next() * 4));
    const b = Float64Array.from({ length: 501 }, () => Math.round(next() * 4));
    a[10] = Number.NaN;
    b[300] = Number.NaN;
    const kernel = k.crossovers(k.arena.f64From(a), k.arena.f64From(b)).view;
    expect(Array.from(kernel)).toEqual(Array.from(crossovers(a, b)));
    expect(kernel.includes(1) && kernel.includes(-1)).toBe(true);
    k.arena.reset();
  });

  it("session mask: every length around the 16-byte SIMD step, every session bit set", () => {
    const next = random(6);
    for (const n of [0, 1, 15, 16, 17, 31, 32, 33, 1000]) {
      const signal = Uint8Array.from({ length: n }, () => (next() < 0.5 ? 1 : 0));
      const mask = Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
      for (const sessions of [0, 1, 0b0110, 255]) {
        const kernel = k.applySessionMask(k.arena.u8From(signal), k.arena.u8From(mask), sessions).view;
        expect(Array.from(kernel), `n ${n}, sessions ${sessions}`).toEqual(
          Array.from(applySessionMask(signal, mask, sessions)),
        );
      }
      k.arena.reset();
    }
  });
});

describe("the simulator equals its twin", () => {
  const params = {
    point: 0.00001,
    pipSize: 0.0001,
    contractSize: 100_000,
    lots: 0.5,
    commissionPerLot: 3.5,
    slPips: 8,
    tpPips: 12,
    initialBalance: 10_000,
  };

  // Exit reasons each case must produce, so every branch is compared (SIMULATED_EXITS codes).
  for (const [label, overrides, reasons] of [
    ["SL and TP", {}, [1, 2, 3, 4]],
    ["no stops", { slPips: 0, tpPips: 0 }, [1, 2]],
    ["stop tighter than the spread", { slPips: 0.5 }, [3]],
  ] as const) {
    it(`random bars and signals: ${label}`, () => {
      const n = 5000;
      const next = random(11);
      const close = walk(n, 12);
      const open = new Float64Array(n);
      const high = new Float64Array(n);
      const low = new Float64Array(n);
      const spread = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        // Gaps: the open is not always the previous close.
        open[i] = i === 0 ? close[0] : close[i - 1] + (next() < 0.1 ? (next() - 0.5) * 0.002 : 0);
        high[i] = Math.max(open[i], close[i]) + next() * 0.0008;
        low[i] = Math.min(open[i], close[i]) - next() * 0.0008;
        spread[i] = Math.floor(next() * 30);
      }
      const flags = () => Uint8Array.from({ length: n }, () => (next() < 0.03 ? 1 : 0));
      const signals = { entryLong: flags(), entryShort: flags(), exit: flags() };
      const p = { ...params, ...overrides };
      const twin = simulateSignals({ open, high, low, close, spread }, signals, p);
      const a = k.arena;
      const kernel = k.simulate(
        {
          open: a.f64From(open),
          high: a.f64From(high),
          low: a.f64From(low),
          close: a.f64From(close),
          spread: a.f64From(spread),
        },
        {
          entryLong: a.u8From(signals.entryLong),
          entryShort: a.u8From(signals.entryShort),
          exit: a.u8From(signals.exit),
        },
        p,
      );
      expect(kernel.tradeCount).toBe(twin.tradeCount);
      expect(twin.tradeCount).toBeGreaterThan(100);
      const count = twin.tradeCount;
      expect(Array.from(kernel.entryIndex.view.subarray(0, count))).toEqual(
        Array.from(twin.entryIndex.subarray(0, count)),
      );
      expect(Array.from(kernel.exitIndex.view.subarray(0, count))).toEqual(
        Array.from(twin.exitIndex.subarray(0, count)),
      );
      expect(Array.from(kernel.side.view.subarray(0, count))).toEqual(Array.from(twin.side.subarray(0, count)));
      expect(Array.from(kernel.reason.view.subarray(0, count))).toEqual(Array.from(twin.reason.subarray(0, count)));
      expectSame(
        kernel.entryPrice.view.subarray(0, count),
        twin.entryPrice.subarray(0, count),
        "entryPrice",
        "simulate",
      );
      expectSame(kernel.exitPrice.view.subarray(0, count), twin.exitPrice.subarray(0, count), "exitPrice", "simulate");
      expectSame(kernel.pnl.view.subarray(0, count), twin.pnl.subarray(0, count), "pnl", "simulate");
      expectSame(kernel.equity.view, twin.equity, "equity", "simulate");
      const seen = new Set(twin.reason.subarray(0, count));
      for (const reason of reasons) expect(seen.has(reason), `reason ${reason} occurs`).toBe(true);
      a.reset();
    });
  }
});
