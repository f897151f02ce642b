import { describe, expect, it } from "vitest";
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

/** The twins on tiny fixtures, values worked out by hand; warm-up and NaN conventions included. */

const NaN_ = Number.NaN;
const f = (...values: number[]) => Float64Array.from(values);

/** Same NaN positions, values equal to 12 digits. */
function expectValues(actual: Float64Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => {
    if (Number.isNaN(value)) expect(actual[i], `[${i}]`).toBeNaN();
    else expect(actual[i], `[${i}]`).toBeCloseTo(value, 12);
  });
}

describe("moving averages", () => {
  it("sma: first value at index period − 1", () => {
    expectValues(sma(f(1, 2, 3, 4, 5), 3), [NaN_, NaN_, 2, 3, 4]);
  });

  it("sma: window 1 is the source, a window longer than the data is all NaN", () => {
    expectValues(sma(f(1, 2, 3), 1), [1, 2, 3]);
    expectValues(sma(f(1, 2, 3), 4), [NaN_, NaN_, NaN_]);
  });

  it("sma: leading NaN delay the first value; an interior NaN restarts the warm-up", () => {
    expectValues(sma(f(NaN_, 1, 2, 3), 2), [NaN_, NaN_, 1.5, 2.5]);
    expectValues(sma(f(1, 2, NaN_, 4, 5, 6), 2), [NaN_, 1.5, NaN_, NaN_, 4.5, 5.5]);
  });

  it("sma: a sliding sum ruined by cancellation recovers at its next restart (64 values on)", () => {
    // 1e16 + 1 rounds to 1e16, so after 1e16 leaves the window the sliding sum is off by one.
    const source = new Float64Array(200).fill(1);
    source[0] = 1e16;
    const out = sma(source, 2);
    expect(out[2]).toBe(0); // (1e16 + 1) + 1 − 1e16: wrong, as any sliding sum would be
    expect(out[1 + 64]).toBe(1); // summed afresh
    expect(out[199]).toBe(1);
  });

  it("wma: weights 1 … period over their sum", () => {
    expectValues(wma(f(1, 2, 3, 4), 2), [NaN_, 5 / 3, 8 / 3, 11 / 3]);
    expectValues(wma(f(1, 2, 3, 4), 3), [NaN_, NaN_, 14 / 6, 20 / 6]);
    expectValues(wma(f(1, NaN_, 3, 4, 5), 2), [NaN_, NaN_, NaN_, 11 / 3, 14 / 3]);
  });

  it("ema: α = 2/(period + 1), seeded with the first window's SMA", () => {
    expectValues(ema(f(1, 2, 3, 4, 5), 3), [NaN_, NaN_, 2, 3, 4]);
    expectValues(ema(f(NaN_, 1, 2, 3, 7), 3), [NaN_, NaN_, NaN_, 2, 4.5]);
    expectValues(ema(f(4, 8), 1), [4, 8]);
  });
});

describe("oscillators", () => {
  it("rsi: Wilder's averages of gains and losses, first value at index period", () => {
    // Changes +1, −0.5, +1, 0. Seed: gain (1 + 0)/2, loss (0 + 0.5)/2 → RS 2.
    // Then gain (0.5 + 1)/2 = 0.75, loss 0.25/2 = 0.125 → RS 6; then 0.375 / 0.0625 → RS 6.
    expectValues(rsi(f(1, 2, 1.5, 2.5, 2.5), 2), [NaN_, NaN_, 100 - 100 / 3, 100 - 100 / 7, 100 - 100 / 7]);
  });

  it("rsi: 100 with no loss, 0 with no gain, 50 when flat (MT5's RSI.mq5)", () => {
    expectValues(rsi(f(1, 2, 3), 2), [NaN_, NaN_, 100]);
    expectValues(rsi(f(3, 2, 1), 2), [NaN_, NaN_, 0]);
    expectValues(rsi(f(2, 2, 2), 2), [NaN_, NaN_, 50]);
  });

  it("rsi: a NaN restarts the warm-up (period changes after it)", () => {
    expectValues(rsi(f(1, NaN_, 1, 2, 3), 2), [NaN_, NaN_, NaN_, NaN_, 100]);
  });

  it("atr: true range from the previous close, Wilder-smoothed, first at period − 1", () => {
    // TR: 1 (first bar: high − low), max(1, |3 − 1.5|, |2 − 1.5|) = 1.5, max(1.5, 0, 1.5) = 1.5.
    const high = f(2, 3, 2.5);
    const low = f(1, 2, 1);
    const close = f(1.5, 2.5, 2);
    expectValues(atr(high, low, close, 2), [NaN_, 1.25, 1.375]);
    expectValues(atr(high, low, close, 1), [1, 1.5, 1.5]);
  });

  it("atr: a bar with a NaN restarts it; the next bar's range ignores the close before the gap", () => {
    expectValues(atr(f(2, NaN_, 5, 6), f(1, 1, 4, 4), f(1.5, 1.5, 4.5, 5), 1), [1, NaN_, 1, 2]);
  });
});

describe("rolling statistics", () => {
  it("rollingStdev: population standard deviation", () => {
    expectValues(rollingStdev(f(1, 3, 6), 2), [NaN_, 1, 1.5]);
    expectValues(rollingStdev(f(2, 4, 4, 4, 5, 5, 7, 9), 8), [NaN_, NaN_, NaN_, NaN_, NaN_, NaN_, NaN_, 2]);
    expectValues(rollingStdev(f(5, 5, 5), 2), [NaN_, 0, 0]);
  });

  it("bollinger: mean ± k standard deviations", () => {
    const bands = bollinger(f(1, 3, 6), 2, 2);
    expectValues(bands.middle, [NaN_, 2, 4.5]);
    expectValues(bands.upper, [NaN_, 4, 7.5]);
    expectValues(bands.lower, [NaN_, 0, 1.5]);
  });

  it("rollingMax / rollingMin over blocks and across their boundaries", () => {
    const source = f(1, 3, 2, 5, 4, 1, 0);
    expectValues(rollingMax(source, 3), [NaN_, NaN_, 3, 5, 5, 5, 4]);
    expectValues(rollingMin(source, 3), [NaN_, NaN_, 1, 2, 2, 1, 0]);
    expectValues(rollingMax(source, 1), Array.from(source));
    expectValues(rollingMax(source, 7), [NaN_, NaN_, NaN_, NaN_, NaN_, NaN_, 5]);
  });

  it("rollingMax / rollingMin: NaN wherever the window holds one; signed zeros as Math.max/min", () => {
    expectValues(rollingMax(f(1, NaN_, 2, 3, 4), 2), [NaN_, NaN_, NaN_, 3, 4]);
    expect(Object.is(rollingMax(f(-0, 0), 2)[1], 0)).toBe(true);
    expect(Object.is(rollingMin(f(0, -0), 2)[1], -0)).toBe(true);
  });
});

describe("signals", () => {
  it("crossovers: +1 from ≤ to >, −1 from ≥ to <, touching is not crossing", () => {
    expect(Array.from(crossovers(f(1, 2, 3, 2, 1), f(2, 2, 2, 2, 2)))).toEqual([0, 0, 1, 0, -1]);
    expect(Array.from(crossovers(f(1, NaN_, 3), f(2, 2, 2)))).toEqual([0, 0, 0]);
    expect(Array.from(crossovers(f(), f()))).toEqual([]);
  });

  it("applySessionMask keeps signals on bars of the chosen sessions", () => {
    const signal = Uint8Array.of(1, 1, 1, 0);
    const mask = Uint8Array.of(0b01, 0b10, 0b11, 0b11);
    expect(Array.from(applySessionMask(signal, mask, 0b10))).toEqual([0, 1, 1, 0]);
    expect(Array.from(applySessionMask(signal, mask, 0))).toEqual([0, 0, 0, 0]);
  });
});
