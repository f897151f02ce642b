import { describe, expect, it } from "vitest";
import { syntheticBars, syntheticTicks } from "../../../src/core/data/synthetic.ts";
import { PipscopeError } from "../../../src/core/errors.ts";

const MIN = 60_000;
const HOUR = 3_600_000;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof PipscopeError ? error.code : String(error);
  }
  return undefined;
}

describe("syntheticBars", () => {
  // Week of the 2024 US DST change (Sunday 10 March 02:00 New York), London still on GMT.
  const from = Date.UTC(2024, 2, 6);
  const to = Date.UTC(2024, 2, 14);
  const bars = syntheticBars("EURUSD", from, to);

  it("is the same for the same seed and differs for another", () => {
    const again = syntheticBars("EURUSD", from, to);
    expect(again.close).toEqual(bars.close);
    expect(syntheticBars("EURUSD", from, to, 2).close).not.toEqual(bars.close);
  });

  it("gives identical rows for a sub-range", () => {
    const part = syntheticBars("EURUSD", Date.UTC(2024, 2, 11, 9, 30), Date.UTC(2024, 2, 11, 12));
    const at = bars.time.indexOf(part.time[0]);
    expect(part.time[0]).toBe(Date.UTC(2024, 2, 11, 9, 30));
    expect(bars.open.slice(at, at + part.length)).toEqual(part.open);
    expect(bars.high.slice(at, at + part.length)).toEqual(part.high);
    expect(bars.spread.slice(at, at + part.length)).toEqual(part.spread);
  });

  it("has no bars between Friday 17:00 and Sunday 17:00 New York, before and after the DST change", () => {
    const fridayClose = Date.UTC(2024, 2, 8, 22); // 17:00 EST
    const sundayOpen = Date.UTC(2024, 2, 10, 21); // 17:00 EDT
    const weekend = bars.time.filter((t) => t >= fridayClose && t < sundayOpen);
    expect(weekend.length).toBe(0);
    expect(bars.time.filter((t) => t < fridayClose).at(-1)).toBeLessThanOrEqual(fridayClose - MIN);
    expect(bars.time.find((t) => t >= sundayOpen)).toBeLessThan(sundayOpen + HOUR);
  });

  it("has no bars on 25 December", () => {
    const christmas = syntheticBars("GBPUSD", Date.UTC(2024, 11, 24, 22), Date.UTC(2024, 11, 25, 22));
    expect(christmas.length).toBe(0);
  });

  it("widens the spread at the 17:00 New York rollover and is busier in London than in Asia", () => {
    const mean = (pick: (t: number) => boolean, column: Float64Array) => {
      let sum = 0;
      let n = 0;
      for (let i = 0; i < bars.length; i++) {
        if (pick(bars.time[i])) {
          sum += column[i];
          n++;
        }
      }
      return sum / n;
    };
    const minuteOfDay = (t: number) => (t % (24 * HOUR)) / MIN;
    // After the DST change 17:00 New York is 21:00 UTC; 21:00–21:15 is the rollover window.
    const afterDst = (t: number) => t >= Date.UTC(2024, 2, 11);
    const rollover = mean(
      (t) => afterDst(t) && minuteOfDay(t) >= 21 * 60 && minuteOfDay(t) < 21 * 60 + 15,
      bars.spread,
    );
    const london = mean((t) => afterDst(t) && minuteOfDay(t) >= 9 * 60 && minuteOfDay(t) < 11 * 60, bars.spread);
    expect(rollover).toBeGreaterThan(3 * london);
    const range = new Float64Array(bars.length).map((_, i) => bars.high[i] - bars.low[i]);
    const asia = mean((t) => minuteOfDay(t) >= 1 * 60 && minuteOfDay(t) < 5 * 60, range);
    const overlap = mean((t) => minuteOfDay(t) >= 13 * 60 + 30 && minuteOfDay(t) < 15 * 60, range);
    expect(overlap).toBeGreaterThan(1.5 * asia);
  });

  it("is well formed: increasing times, OHLC consistent, prices at the instrument's digits", () => {
    const bad: number[] = [];
    for (let i = 0; i < bars.length; i++) {
      const ordered = i === 0 || bars.time[i] > bars.time[i - 1];
      const consistent =
        bars.high[i] >= Math.max(bars.open[i], bars.close[i]) && bars.low[i] <= Math.min(bars.open[i], bars.close[i]);
      const rounded = Math.round(bars.close[i] * 1e5) / 1e5 === bars.close[i];
      if (!ordered || !consistent || !rounded) bad.push(i);
    }
    expect(bad).toEqual([]);
  });

  it("rejects unknown symbols and bad ranges with specific errors", () => {
    expect(codeOf(() => syntheticBars("FOOBAR", from, to))).toBe("DATA_UNKNOWN_INSTRUMENT");
    expect(codeOf(() => syntheticBars("EURUSD", to, from))).toBe("DATA_BAD_RANGE");
    expect(codeOf(() => syntheticBars("EURUSD", Date.UTC(1980, 0, 1), to))).toBe("DATA_BAD_RANGE");
    expect(codeOf(() => syntheticBars("EURUSD", Number.NaN, to))).toBe("DATA_BAD_RANGE");
  });
});

describe("syntheticTicks", () => {
  const from = Date.UTC(2024, 2, 11, 7);
  const to = Date.UTC(2024, 2, 11, 9);
  const ticks = syntheticTicks("USDJPY", from, to);
  const bars = syntheticBars("USDJPY", from, to);

  it("follows the bars: tick count per minute is the tick volume, the first bid is the open", () => {
    let i = 0;
    for (let b = 0; b < bars.length; b++) {
      const first = i;
      while (i < ticks.length && ticks.time[i] < bars.time[b] + MIN) i++;
      expect(i - first).toBe(bars.tickVolume[b]);
      expect(ticks.bid[first]).toBe(bars.open[b]);
    }
    expect(i).toBe(ticks.length);
  });

  it("has strictly increasing times, ask above bid by at least the bar spread, and MT5 flags", () => {
    const bad: number[] = [];
    for (let i = 0; i < ticks.length; i++) {
      const ordered = i === 0 || ticks.time[i] > ticks.time[i - 1];
      const quoted = ticks.ask[i] - ticks.bid[i] >= 0.001 * 4;
      const fx = [2, 4, 6].includes(ticks.flags[i]) && Number.isNaN(ticks.last[i]) && ticks.volume[i] === 0;
      if (!ordered || !quoted || !fx) bad.push(i);
    }
    expect(ticks.length).toBeGreaterThan(1000);
    expect(bad).toEqual([]);
  });

  it("gives identical ticks for a sub-range, flags included", () => {
    const part = syntheticTicks("USDJPY", Date.UTC(2024, 2, 11, 8, 0, 30), to);
    const at = ticks.time.indexOf(part.time[0]);
    expect(at).toBeGreaterThan(0);
    expect(ticks.bid.slice(at)).toEqual(part.bid);
    expect(ticks.flags.slice(at)).toEqual(part.flags);
  });
});
