import { beforeAll, describe, expect, it } from "vitest";
import type { BarColumns, Timeframe } from "../../../src/core/data/types.ts";
import type { MarketStore } from "../../../src/store/market-store.ts";
import { freshStore, textFile } from "./helpers.ts";

/**
 * Nine M1 bars around the US DST change of Sunday 10 March 2024: the FX day rolls at 22:00 UTC
 * before it (17:00 EST) and at 21:00 UTC after it (17:00 EDT). Bar i: open 1 + i/100, high open
 * + 0.005, low open − 0.005, close open + 0.002, tick volume i + 1, spread 10 − i.
 */
const TIMES = [
  "2024-03-07 21:58", // 0 Thursday's FX day (opened Wed 22:00 UTC)
  "2024-03-07 21:59", // 1
  "2024-03-07 22:00", // 2 Friday's FX day
  "2024-03-07 22:01", // 3
  "2024-03-08 21:59", // 4 last minute of the week
  "2024-03-10 21:00", // 5 Monday's FX day opens Sunday 17:00 EDT
  "2024-03-10 21:01", // 6
  "2024-03-11 20:59", // 7
  "2024-03-11 21:00", // 8 Tuesday's FX day
];
const csv = [
  "time,open,high,low,close,tick_volume,spread",
  ...TIMES.map((t, i) => {
    const open = 1 + i / 100;
    return [t, open, open + 0.005, open - 0.005, open + 0.002, i + 1, 10 - i].join(",");
  }),
].join("\n");

const round = (x: number) => Math.round(x * 1e6) / 1e6;
function rows(bars: BarColumns) {
  return Array.from(bars.time, (t, i) => [
    new Date(t).toISOString().slice(0, 16),
    round(bars.open[i]),
    round(bars.high[i]),
    round(bars.low[i]),
    round(bars.close[i]),
    bars.tickVolume[i],
    bars.spread[i],
  ]);
}

describe("resampling M1 across a DST change", () => {
  let store: MarketStore;
  const read = async (tf: Timeframe) =>
    rows((await store.bars("EURUSD", tf, Date.UTC(2024, 1, 1), Date.UTC(2024, 3, 1))).rows);

  beforeAll(async () => {
    ({ store } = await freshStore());
    await store.importFile(textFile("EURUSD_M1.csv", csv), { tz: "UTC" });
  });

  it("H1 bars align to the UTC hour", async () => {
    expect(await read("H1")).toEqual([
      ["2024-03-07T21:00", 1, 1.015, 0.995, 1.012, 3, 9],
      ["2024-03-07T22:00", 1.02, 1.035, 1.015, 1.032, 7, 7],
      ["2024-03-08T21:00", 1.04, 1.045, 1.035, 1.042, 5, 6],
      ["2024-03-10T21:00", 1.05, 1.065, 1.045, 1.062, 13, 4],
      ["2024-03-11T20:00", 1.07, 1.075, 1.065, 1.072, 8, 3],
      ["2024-03-11T21:00", 1.08, 1.085, 1.075, 1.082, 9, 2],
    ]);
  });

  it("H4 bars start at 17:00, 21:00, … New York, an hour earlier in UTC after the change", async () => {
    expect((await read("H4")).map((r) => r[0])).toEqual([
      "2024-03-07T18:00",
      "2024-03-07T22:00",
      "2024-03-08T18:00",
      "2024-03-10T21:00",
      "2024-03-11T17:00",
      "2024-03-11T21:00",
    ]);
  });

  it("D1 bars cover the FX day 17:00 → 17:00 New York", async () => {
    expect(await read("D1")).toEqual([
      ["2024-03-06T22:00", 1, 1.015, 0.995, 1.012, 3, 9],
      ["2024-03-07T22:00", 1.02, 1.045, 1.015, 1.042, 12, 6],
      ["2024-03-10T21:00", 1.05, 1.075, 1.045, 1.072, 21, 3],
      ["2024-03-11T21:00", 1.08, 1.085, 1.075, 1.082, 9, 2],
    ]);
  });

  it("W1 bars open at the FX week's open, Sunday 17:00 New York", async () => {
    expect(await read("W1")).toEqual([
      ["2024-03-03T22:00", 1, 1.045, 0.995, 1.042, 15, 6],
      ["2024-03-10T21:00", 1.05, 1.085, 1.045, 1.082, 30, 2],
    ]);
  });

  it("MN1 opens with the FX day that ends on the 1st", async () => {
    expect(await read("MN1")).toEqual([["2024-02-29T22:00", 1, 1.085, 0.995, 1.082, 45, 2]]);
  });

  it("returns warm-up bars before the range", async () => {
    const loaded = await store.bars("EURUSD", "D1", Date.UTC(2024, 2, 10), Date.UTC(2024, 3, 1), 2);
    expect(loaded.startIndex).toBe(2);
    expect(rows(loaded.rows).map((r) => r[0])).toEqual([
      "2024-03-06T22:00",
      "2024-03-07T22:00",
      "2024-03-10T21:00",
      "2024-03-11T21:00",
    ]);
    const m1 = await store.bars("EURUSD", "M1", Date.UTC(2024, 2, 10), Date.UTC(2024, 3, 1), 3);
    expect(m1.startIndex).toBe(3);
    expect(rows(m1.rows).map((r) => r[0])).toEqual([
      "2024-03-07T22:00",
      "2024-03-07T22:01",
      "2024-03-08T21:59",
      "2024-03-10T21:00",
      "2024-03-10T21:01",
      "2024-03-11T20:59",
      "2024-03-11T21:00",
    ]);
  });
});

describe("resampling ticks to M1", () => {
  it("takes bid OHLC, counts ticks and keeps the smallest spread in points", async () => {
    const { store } = await freshStore();
    const ticks = [
      "time,bid,ask",
      "2024-03-11 10:00:05.000,1.1,1.10008",
      "2024-03-11 10:00:30.000,1.1003,1.10037",
      "2024-03-11 10:00:59.999,1.0999,1.10002",
      "2024-03-11 10:01:00.000,1.1001,1.1002",
    ].join("\n");
    await store.importFile(textFile("EURUSD_ticks.csv", ticks), { tz: "UTC" });
    const loaded = await store.bars("EURUSD", "M1", Date.UTC(2024, 2, 11), Date.UTC(2024, 2, 12));
    expect(rows(loaded.rows)).toEqual([
      ["2024-03-11T10:00", 1.1, 1.1003, 1.0999, 1.0999, 3, 7], // spreads 8, 7 and 12 points
      ["2024-03-11T10:01", 1.1001, 1.1001, 1.1001, 1.1001, 1, 10],
    ]);
    expect(loaded.label).toContain("resampled from ticks");
  });
});
