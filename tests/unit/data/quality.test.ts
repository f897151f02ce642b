import { describe, expect, it } from "vitest";
import { BarChunk, TickChunk } from "../../../src/core/data/chunk.ts";
import { QualityAnalyzer, qualityScore } from "../../../src/core/data/quality.ts";
import { FX_CALENDAR } from "../../../src/core/time/index.ts";

const MIN = 60_000;
const FX_HOURS = (from: number, to: number) => FX_CALENDAR.openIntervals(from, to);
const at = (d: number, h: number, m: number) => Date.UTC(2024, 2, d, h, m);

function bars(rows: Array<[number, number, number, number, number, number?]>): BarChunk {
  const chunk = new BarChunk(rows.length);
  for (const [t, o, h, l, c, spread = 5] of rows) {
    const i = chunk.length++;
    chunk.time[i] = t;
    chunk.open[i] = o;
    chunk.high[i] = h;
    chunk.low[i] = l;
    chunk.close[i] = c;
    chunk.spread[i] = spread;
  }
  return chunk;
}

describe("QualityAnalyzer on bars", () => {
  // Friday 8 March 2024 closes at 22:00 UTC (17:00 EST); the FX week reopens Sunday 10 March at
  // 21:00 UTC (17:00 EDT, the US changed clocks that morning).
  const chunk = bars([
    [at(8, 21, 57), 1.1, 1.1002, 1.0999, 1.1001],
    [at(8, 21, 58), 1.1001, 1.1003, 1.1, 1.1002],
    [at(8, 21, 58), 1.1001, 1.1003, 1.1, 1.1002], // duplicate time: dropped
    [at(8, 21, 59), 1.1002, 1.1004, 1.1001, 1.1003],
    [at(10, 21, 0), 1.1, 1.1005, 1.0995, 1.1004], // after the weekend: no gap
    [at(10, 21, 1), 1.1, 1.1, 1.0995, 1.1003], // high below close: inconsistent, kept
    [at(10, 21, 22), 1.1003, 1.1006, 1.1002, 1.1005], // 20 open minutes missing before it: a gap
    [at(10, 21, 10), 1.1, 1.1001, 1.0999, 1.1, 80], // out of order, kept; spread 16× the median
    [at(10, 21, 23), 0, 1.1, 1.1, 1.1], // zero price: dropped
  ]);
  const analyzer = new QualityAnalyzer("bars", "M1", MIN, FX_HOURS, Number.NaN);
  const kept = analyzer.bars(chunk);
  const report = analyzer.report();

  it("drops duplicates and bad prices, keeping the rest in file order", () => {
    expect(kept).toBe(7);
    expect(Array.from(chunk.view().time)).toEqual([
      at(8, 21, 57),
      at(8, 21, 58),
      at(8, 21, 59),
      at(10, 21, 0),
      at(10, 21, 1),
      at(10, 21, 22),
      at(10, 21, 10),
    ]);
    expect(report).toMatchObject({
      rowsRead: 9,
      rowsStored: 7,
      duplicates: 1,
      badPrices: 1,
      outOfOrder: 1,
      ohlcInconsistent: 1,
    });
  });

  it("lists the 20-minute gap and not the weekend, measured in market-open time", () => {
    expect(report.gaps.count).toBe(1);
    expect(report.gaps.list).toEqual([{ from: at(10, 21, 2), to: at(10, 21, 22), openMs: 20 * MIN }]);
    // Open minutes from first to last row: 21:57–21:59 Friday, 21:00–21:22 Sunday.
    expect(report.gaps.openMs).toBe(26 * MIN);
    expect(report.first).toBe(at(8, 21, 57));
    expect(report.last).toBe(at(10, 21, 22));
  });

  it("flags the spread above 10× the median and scores by the documented formula", () => {
    expect(report.spread).toMatchObject({ median: 5, threshold: 50, outliers: 1, max: 80 });
    // integrity min(40, 2000×4/9) = 40; gaps min(30, 100×20/26) = 30; spikes 0; spread min(15, 1000×1/7) = 15.
    expect(report.penalties).toEqual({ integrity: 40, gaps: 30, spikes: 0, spread: 15 });
    expect(report.score).toBe(15);
  });

  it("finds a bar whose range exceeds k × the Wilder ATR", () => {
    const rows: Array<[number, number, number, number, number]> = [];
    for (let i = 0; i < 20; i++) rows.push([at(12, 10, i), 1.1, 1.101, 1.1, 1.1]);
    rows.push([at(12, 10, 20), 1.1, 1.11, 1.1, 1.1]); // range 0.01 = 10 × ATR 0.001
    rows.push([at(12, 10, 21), 1.1, 1.1075, 1.1, 1.1]); // 0.0075 < 8 × ATR (ATR rose to 0.00164)
    const spiky = new QualityAnalyzer("bars", "M1", MIN, FX_HOURS, Number.NaN);
    spiky.bars(bars(rows));
    const spikes = spiky.report().spikes;
    expect(spikes.count).toBe(1);
    expect(spikes.list[0].time).toBe(at(12, 10, 20));
    expect(spikes.list[0].size).toBeCloseTo(0.01, 12);
    expect(spikes.list[0].average).toBeCloseTo(0.001, 12);
  });
});

describe("QualityAnalyzer: prices off their neighbours' band (issue 17)", () => {
  const flat = (from: number, count: number, price: number) =>
    Array.from({ length: count }, (_, i): [number, number, number, number, number] => {
      const t = at(12, 10, from + i);
      return [t, price, price * 1.0001, price * 0.9999, price];
    });

  it("flags a bar at 1e308 by name, keeps it out of the ATR, and does not flag the bars after it", () => {
    const analyzer = new QualityAnalyzer("bars", "M1", MIN, FX_HOURS, Number.NaN);
    const rows = [...flat(0, 20, 1.1), [at(12, 10, 20), 1e308, 1e308, 1e308, 1e308], ...flat(21, 20, 1.1)];
    analyzer.bars(bars(rows as Array<[number, number, number, number, number]>));
    const report = analyzer.report();
    expect(report.spikes).toMatchObject({ count: 1, offBand: 1 });
    expect(report.spikes.list).toEqual([
      { time: at(12, 10, 20), size: 1e308, average: expect.any(Number), price: 1e308 },
    ]);
    expect(report.spikes.list[0].average).toBeLessThan(0.001); // the ATR of the bars around it
    expect(report.penalties.spikes).toBe(15);
    expect(report.score).toBe(85);
  });

  it("flags a close a decimal slip away (11.0 among 1.10) and takes a level three rows agree on", () => {
    const slipped = new QualityAnalyzer("bars", "M1", MIN, FX_HOURS, Number.NaN);
    slipped.bars(bars([...flat(0, 20, 1.1), ...flat(20, 1, 11), ...flat(21, 5, 1.1)]));
    expect(slipped.report().spikes.list.map((s) => s.price)).toEqual([11]);

    // The data's scale changes for good (a rebased index): three rows are flagged, then the new level holds.
    const rebased = new QualityAnalyzer("bars", "M1", MIN, FX_HOURS, Number.NaN);
    rebased.bars(bars([...flat(0, 20, 1.1), ...flat(20, 30, 110)]));
    const report = rebased.report();
    expect(report.spikes.offBand).toBe(3);
    expect(report.spikes.list.map((s) => s.time)).toEqual([at(12, 10, 20), at(12, 10, 21), at(12, 10, 22)]);
  });

  it("flags a tick quoted at 1e308 and not the tick back at the market", () => {
    const chunk = new TickChunk(200);
    for (let i = 0; i < 200; i++) {
      const j = chunk.length++;
      const bid = i === 150 ? 1e308 : 1.1 + (i % 3) * 0.00001;
      chunk.time[j] = at(12, 9, 0) + i * 1000;
      chunk.bid[j] = bid;
      chunk.ask[j] = bid === 1e308 ? 1e308 : bid + 0.00008;
      chunk.last[j] = Number.NaN;
    }
    const analyzer = new QualityAnalyzer("ticks", "tick", 0, FX_HOURS, 0.00001);
    analyzer.ticks(chunk);
    const { spikes } = analyzer.report();
    expect(spikes).toMatchObject({ count: 1, offBand: 1 });
    expect(spikes.list[0]).toMatchObject({ time: at(12, 9, 0) + 150_000, price: 1e308 });
  });
});

describe("QualityAnalyzer on ticks", () => {
  it("counts crossed quotes, drops identical repeats, and measures spreads in points", () => {
    const chunk = new TickChunk(4);
    const rows = [
      [at(12, 9, 0), 1.1, 1.10008],
      [at(12, 9, 0), 1.1, 1.10008], // identical: dropped
      [at(12, 9, 0), 1.10012, 1.1001], // bid above ask: kept, counted
      [at(12, 9, 10), 1.1001, 1.10017], // 9 quiet minutes: under the 15-minute gap threshold
    ];
    for (const [t, bid, ask] of rows) {
      const i = chunk.length++;
      chunk.time[i] = t;
      chunk.bid[i] = bid;
      chunk.ask[i] = ask;
      chunk.last[i] = Number.NaN;
    }
    const analyzer = new QualityAnalyzer("ticks", "tick", 0, FX_HOURS, 0.00001);
    expect(analyzer.ticks(chunk)).toBe(3);
    const report = analyzer.report();
    expect(report).toMatchObject({ duplicates: 1, bidAboveAsk: 1, rowsStored: 3 });
    // Spreads 8, -2 and 7 points: median 7, and the negative one is an outlier.
    expect(report.spread.median).toBe(7);
    expect(report.spread.outliers).toBe(1);
    expect(report.gaps.count).toBe(0);
  });
});

describe("qualityScore", () => {
  it("adds the four capped penalties", () => {
    const result = qualityScore({
      rowsRead: 10_000,
      rowsStored: 10_000,
      bad: 10,
      openMs: 1000,
      missingMs: 50,
      spikes: 2,
      offBand: 0,
      spreadOutliers: 20,
    });
    expect(result.penalties).toEqual({ integrity: 2, gaps: 5, spikes: 1, spread: 2 });
    expect(result.score).toBe(90);
  });

  it("charges 5 points for each price off its neighbours' band, however many rows there are", () => {
    const clean = { rowsRead: 1e6, rowsStored: 1e6, bad: 0, openMs: 1, missingMs: 0, spreadOutliers: 0 };
    expect(qualityScore({ ...clean, spikes: 1, offBand: 0 }).score).toBe(100);
    expect(qualityScore({ ...clean, spikes: 1, offBand: 1 })).toEqual({
      score: 95,
      penalties: { integrity: 0, gaps: 0, spikes: 5.01, spread: 0 },
    });
  });
});
