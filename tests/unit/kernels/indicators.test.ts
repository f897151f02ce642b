import { afterAll, describe, expect, it } from "vitest";
import { syntheticBars } from "../../../src/core/data/synthetic.ts";
import {
  INDICATORS_IN_WASM,
  type IndicatorName,
  Indicators,
  indicators,
  ROUNDS_DIFFERENTLY,
  twinKernels,
  useKernels,
} from "../../../src/core/kernels/index.ts";
import { createStrategy } from "../../../src/core/strategy/index.ts";
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
  sma,
  wma,
} from "../../../src/core/strategy/indicators/index.ts";
import { run } from "../engine/fixtures.ts";
import { loadKernels, random, walk } from "./load.ts";

/** Every value the same bit for bit (NaN where NaN), or ≤ 1e-12 relative for a kernel that rounds differently. */
function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>, name: IndicatorName): void {
  expect(actual.length).toBe(expected.length);
  const tolerance = ROUNDS_DIFFERENTLY.has(name) ? 1e-12 : 0;
  for (let i = 0; i < expected.length; i++) {
    if (Object.is(actual[i], expected[i])) continue;
    const relative = Math.abs(actual[i] - expected[i]) / Math.abs(expected[i]);
    if (!(relative <= tolerance)) expect(actual[i], `${name}[${i}]`).toBe(expected[i]);
  }
}

const wasm = await loadKernels("wasm");
const forced = new Indicators(wasm, "wasm");
afterAll(async () => useKernels(await loadKernels("best")));

describe("indicators() through the wasm kernels equal the twins", () => {
  const source = walk(2000, 21, 1.1, [0, 1, 2, 700, 1400, 1401]);
  const high = source.map((x) => x + 0.0004);
  const low = source.map((x) => x - 0.0004);

  it("every indicator runs in wasm when forced", () => {
    for (const name of Object.keys(INDICATORS_IN_WASM) as IndicatorName[]) expect(forced.backends[name]).toBe("wasm");
  });

  const twins = { sma, ema, wma, rsi, rollingStdev, rollingMax, rollingMin } as const;
  for (const name of Object.keys(twins) as (keyof typeof twins)[]) {
    it(`${name}, periods 1 to longer than the data`, () => {
      for (const period of [1, 2, 14, 50, 1999, 2000, 2001]) {
        expectSame(forced[name](source, period), twins[name](source, period), name);
      }
    });
  }

  it("atr, bollinger, crossovers and the session mask", () => {
    expectSame(forced.atr(high, low, source, 14), atr(high, low, source, 14), "atr");
    const bands = forced.bollinger(source, 20, 2);
    const twinBands = bollinger(source, 20, 2);
    for (const band of ["middle", "upper", "lower"] as const) expectSame(bands[band], twinBands[band], "bollinger");
    const fast = sma(source, 5);
    const slow = sma(source, 20);
    expect(Array.from(forced.crossovers(fast, slow))).toEqual(Array.from(crossovers(fast, slow)));
    const next = random(3);
    const signal = Uint8Array.from({ length: 100 }, () => (next() < 0.5 ? 1 : 0));
    const mask = Uint8Array.from({ length: 100 }, () => Math.floor(next() * 16));
    expect(Array.from(forced.applySessionMask(signal, mask, 0b0101))).toEqual(
      Array.from(applySessionMask(signal, mask, 0b0101)),
    );
  });

  it("writes into a given out and returns it", () => {
    const out = new Float64Array(source.length);
    expect(forced.rollingMax(source, 10, out)).toBe(out);
    expectSame(out, rollingMax(source, 10), "rollingMax");
  });

  it("gives the twins' errors: bad period, bad k, bad session bits, out of another length", () => {
    expect(() => forced.sma(source, 0)).toThrow(expect.objectContaining({ code: "INDICATOR_BAD_PERIOD" }));
    expect(() => forced.bollinger(source, 20, -1)).toThrow(expect.objectContaining({ code: "INDICATOR_BAD_PARAM" }));
    expect(() => forced.applySessionMask(new Uint8Array(3), new Uint8Array(3), 256)).toThrow(
      expect.objectContaining({ code: "INDICATOR_BAD_PARAM" }),
    );
    expect(() => forced.rsi(source, 14, new Float64Array(5))).toThrow(
      expect.objectContaining({ code: "INDICATOR_LENGTH_MISMATCH" }),
    );
    expect(() => rsi(source, 14, new Float64Array(5))).toThrow(
      expect.objectContaining({ code: "INDICATOR_LENGTH_MISMATCH" }),
    );
  });

  it("leaves nothing in wasm memory: 1,000 calls, same arena top, same memory size", () => {
    forced.bollinger(source, 20, 2);
    const top = wasm.arena.mark();
    const bytes = wasm.arena.memory.buffer.byteLength;
    for (let call = 0; call < 1000; call++) forced.bollinger(source, 20, 2);
    expect(wasm.arena.mark()).toBe(top);
    expect(wasm.arena.memory.buffer.byteLength).toBe(bytes);
  });
});

describe("which indicators run in wasm", () => {
  it("best: those of INDICATORS_IN_WASM, never one that rounds differently", async () => {
    const best = new Indicators(await loadKernels("best"));
    for (const name of Object.keys(INDICATORS_IN_WASM) as IndicatorName[]) {
      const expected = INDICATORS_IN_WASM[name] && !ROUNDS_DIFFERENTLY.has(name) ? "wasm" : "twin";
      expect(best.backends[name], name).toBe(expected);
    }
    expect(best.backends.bollinger).toBe("wasm");
    expect(best.backends.sma).toBe("twin");
  });

  it("the twins alone without kernels, or with the twins of a failed load", () => {
    for (const backends of [new Indicators().backends, new Indicators(twinKernels(), "wasm").backends]) {
      expect(new Set(Object.values(backends))).toEqual(new Set(["twin"]));
    }
  });
});

describe("built-in strategies give the same backtest with and without wasm", () => {
  // Two weeks of synthetic EURUSD M1 (about 14,000 bars).
  const bars = syntheticBars("EURUSD", Date.UTC(2024, 2, 4), Date.UTC(2024, 2, 16));
  const strategies: [string, Record<string, unknown>][] = [
    ["ma_cross", { fast: 10, slow: 30, kind: "SMA" }],
    ["ma_cross", { fast: 12, slow: 40, kind: "EMA" }],
    ["rsi_reversion", { period: 14, sl_pips: 10, tp_pips: 15 }],
    ["bollinger_breakout", { period: 20, k: 2, sl_pips: 8 }],
  ];

  async function backtest(id: string, parameters: Record<string, unknown>) {
    const { instance, params } = createStrategy(id, parameters);
    const { result } = await run(bars, instance, { strategy: { id, params, instance }, timeframe: "M1" });
    return { trades: result.trades, metrics: result.metrics };
  }

  for (const [id, parameters] of strategies) {
    it(`${id} ${JSON.stringify(parameters)}: same trades and metrics, bit for bit`, async () => {
      expect(useKernels(await loadKernels("best"))).toBe(indicators());
      const withWasm = await backtest(id, parameters);
      useKernels(twinKernels());
      const withTwins = await backtest(id, parameters);
      expect(withWasm.trades.length).toBeGreaterThan(5);
      expect(withWasm).toEqual(withTwins);
    });
  }
});
