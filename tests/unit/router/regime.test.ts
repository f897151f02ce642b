import { describe, expect, it } from "vitest";
import type { BarColumns } from "../../../src/core/data/types.ts";
import {
  DEFAULT_REGIME_CONFIG,
  detectRegimes,
  REGIME_CODE,
  REGIMES,
  type RegimeConfig,
  regimeWarmup,
} from "../../../src/core/router/regime.ts";
import { bars } from "../engine/fixtures.ts";

type Row = [number, number, number, number];
const labels = (column: Uint8Array) => Array.from(column, (code) => REGIMES[code]);
/** Counts of each label from `from` on. */
function tally(column: Uint8Array, from = 0): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const label of labels(column.subarray(from))) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

/** `n` bars stepping `step` per bar: open at the previous close, high/low at the ends. */
function ramp(n: number, step: number): BarColumns {
  return bars(
    Array.from({ length: n }, (_, i): Row => {
      const open = 1.1 + step * i;
      const close = open + step;
      return [open, Math.max(open, close), Math.min(open, close), close];
    }),
  );
}
const calm: Row = [1.1, 1.101, 1.099, 1.1];

describe("regime detector", () => {
  it("is UNKNOWN for the 112 warm-up bars of the defaults (ATR 14, then its 100-bar mean)", () => {
    expect(regimeWarmup()).toBe(112);
    const column = detectRegimes(ramp(200, 0.001));
    expect(tally(column.subarray(0, 112))).toEqual({ UNKNOWN: 112 });
    expect(REGIMES[column[112]]).not.toBe("UNKNOWN");
  });

  it("labels a clean uptrend TREND_UP and a clean downtrend TREND_DOWN after warm-up", () => {
    expect(tally(detectRegimes(ramp(200, 0.001)), 112)).toEqual({ TREND_UP: 88 });
    expect(tally(detectRegimes(ramp(200, -0.001)), 112)).toEqual({ TREND_DOWN: 88 });
  });

  it("labels a flat range RANGE", () => {
    const flat = bars(Array.from({ length: 150 }, () => calm));
    expect(tally(detectRegimes(flat), 112)).toEqual({ RANGE: 38 });
  });

  it("labels a volatility burst HIGH_VOL from its first bar, and RANGE once ATR has decayed", () => {
    // 150 calm bars (true range 0.002), then one bar of range 0.04: ATR = (13 × 0.002 + 0.04) / 14
    // = 0.0047143 against a 100-bar mean of (99 × 0.002 + 0.0047143) / 100 = 0.0020271, ratio 2.33.
    const rows: Row[] = Array.from({ length: 200 }, () => calm);
    rows[150] = [1.1, 1.12, 1.08, 1.1];
    const column = labels(detectRegimes(bars(rows)));
    expect(column.slice(148, 152)).toEqual(["RANGE", "RANGE", "HIGH_VOL", "HIGH_VOL"]);
    expect(column.slice(180)).toEqual(Array(20).fill("RANGE"));
  });

  it("applies the trend thresholds to the fitted move in ATRs and to R², as computed by hand", () => {
    // Closes 1, 2, 4: least squares on x = 1, 2, 3 gives slope 1.5, a move of 3 over the window;
    // ATR(1) on the last bar = |4 − 2| = 2, so 1.5 ATRs; R² = (1.5² × 2/3) / (42/27) = 0.964.
    const data = bars([
      [1, 1, 1, 1],
      [2, 2, 2, 2],
      [4, 4, 4, 4],
    ]);
    const tiny: RegimeConfig = {
      atrPeriod: 1,
      volatilityPeriod: 1,
      highVolRatio: 10,
      trendPeriod: 3,
      trendAtrs: 1.49,
      minR2: 0.96,
    };
    expect(labels(detectRegimes(data, tiny))).toEqual(["UNKNOWN", "UNKNOWN", "TREND_UP"]);
    expect(REGIMES[detectRegimes(data, { ...tiny, trendAtrs: 1.51 })[2]]).toBe("RANGE");
    expect(REGIMES[detectRegimes(data, { ...tiny, minR2: 0.97 })[2]]).toBe("RANGE");
  });

  it("never looks ahead: changing later bars leaves earlier labels as they were", () => {
    const up = ramp(200, 0.001);
    const before = detectRegimes(up).slice(0, 150);
    up.high[160] += 0.5;
    up.close[170] -= 0.3;
    expect(detectRegimes(up).slice(0, 150)).toEqual(before);
  });

  it("writes into a given column and codes match the label names", () => {
    const out = new Uint8Array(200);
    expect(detectRegimes(ramp(200, 0.001), DEFAULT_REGIME_CONFIG, out)).toBe(out);
    expect(REGIMES.map((label) => REGIME_CODE[label])).toEqual([0, 1, 2, 3, 4]);
  });

  it.each([
    [{ trendPeriod: 1 }, "REGIME_BAD_CONFIG", "trendPeriod must be at least 2 bars to fit a line, got 1"],
    [{ minR2: 1.5 }, "REGIME_BAD_CONFIG", "minR2 must be between 0 and 1, got 1.5"],
    [{ highVolRatio: 0 }, "REGIME_BAD_CONFIG", "highVolRatio must be a finite number > 0, got 0"],
    [{ trendAtrs: -1 }, "REGIME_BAD_CONFIG", "trendAtrs must be a finite number ≥ 0, got -1"],
    [{ atrPeriod: 2.5 }, "INDICATOR_BAD_PERIOD", "atrPeriod must be a whole number of bars ≥ 1, got 2.5"],
    [{ volatilityPeriod: 0 }, "INDICATOR_BAD_PERIOD", "volatilityPeriod must be a whole number of bars ≥ 1, got 0"],
  ])("rejects %o with %s", (change, code, message) => {
    expect(() => detectRegimes(ramp(10, 0.001), { ...DEFAULT_REGIME_CONFIG, ...change })).toThrow(
      expect.objectContaining({ code, message }),
    );
  });

  it("rejects an output column of the wrong length", () => {
    expect(() => detectRegimes(ramp(10, 0.001), DEFAULT_REGIME_CONFIG, new Uint8Array(9))).toThrow(
      expect.objectContaining({ code: "INDICATOR_LENGTH_MISMATCH" }),
    );
  });
});
