import { describe, expect, it } from "vitest";
import { BarChunk, TickChunk } from "../../../src/core/data/chunk.ts";
import { detectLayout, type LayoutOptions } from "../../../src/core/data/formats/detect.ts";
import { RowReader } from "../../../src/core/data/parse/rows.ts";
import { PipscopeError } from "../../../src/core/errors.ts";

function errorOf(fn: () => unknown): PipscopeError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PipscopeError) return error;
    throw error;
  }
  throw new Error("no error");
}

/** Detects the layout of `text` and reads its rows with times taken as UTC. */
function read(text: string, options: LayoutOptions = {}) {
  const lines = text.split("\n");
  const layout = detectLayout(lines, "f.csv", options);
  const reader = new RowReader(layout, (local) => local, "f.csv");
  const chunk = layout.kind === "bars" ? new BarChunk(100) : new TickChunk(100);
  let seen = 0;
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    if (seen++ < layout.headerLines) return;
    reader.read(line, 0, line.length, i + 1, chunk);
  });
  return { layout, chunk };
}

describe("format detection", () => {
  it("recognises an MT5 Bars export with its header", () => {
    const { layout, chunk } = read(
      "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\n2025.06.23\t00:00:00\t1.148\t1.1485\t1.1479\t1.1483\t120\t0\t5",
    );
    expect(layout.format).toBe("mt5-bars");
    expect(layout.description).toBe("MT5 Bars export (tab-separated, with header)");
    const bars = chunk as BarChunk;
    expect([bars.time[0], bars.open[0], bars.high[0], bars.tickVolume[0], bars.spread[0]]).toEqual([
      Date.UTC(2025, 5, 23),
      1.148,
      1.1485,
      120,
      5,
    ]);
  });

  it("recognises a headerless MT5 Bars export and a D1 export without <TIME>", () => {
    expect(read("2025.06.23\t00:01\t1.1\t1.2\t1.0\t1.15\t5\t0\t3").layout.format).toBe("mt5-bars");
    const daily = read("2025.06.23\t1.1\t1.2\t1.0\t1.15\t5\t0\t3");
    expect(daily.layout.timeColumn).toBe(-1);
    expect((daily.chunk as BarChunk).close[0]).toBe(1.15);
  });

  it("carries empty MT5 tick fields forward and keeps the flags", () => {
    const { layout, chunk } = read(
      "<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>\n2025.01.02\t00:00:00.120\t1.03501\t1.03511\t\t\t6\n2025.01.02\t00:00:00.480\t\t1.03512\t\t\t4\n2025.01.02\t00:00:01.007\t1.03499\t\t\t\t2",
    );
    expect(layout.format).toBe("mt5-ticks");
    const ticks = (chunk as TickChunk).view();
    expect(Array.from(ticks.bid)).toEqual([1.03501, 1.03501, 1.03499]);
    expect(Array.from(ticks.ask)).toEqual([1.03511, 1.03512, 1.03512]);
    expect(Array.from(ticks.flags)).toEqual([6, 4, 2]);
    expect(ticks.last[2]).toBeNaN();
    expect(ticks.time[1]).toBe(Date.UTC(2025, 0, 2, 0, 0, 0, 480));
  });

  it("recognises HistData M1 (fixed UTC−5) and HistData ticks, computing tick flags", () => {
    const m1 = read("20170102 020000;1.051550;1.051970;1.051550;1.051900;0");
    expect(m1.layout.format).toBe("histdata-m1");
    expect(m1.layout.impliedZone).toBe("-05:00");
    const ticks = read("20120201 000003660,1.306600,1.306770,0\n20120201 000004100,1.306610,1.306770,0");
    expect(ticks.layout.format).toBe("histdata-ticks");
    expect(Array.from((ticks.chunk as TickChunk).view().flags)).toEqual([6, 2]);
  });

  it("recognises Dukascopy CSVs: GMT, local time with offsets, and EET", () => {
    const gmt = read("Gmt time,Open,High,Low,Close,Volume\n02.12.2007 22:00:00.000,1.4661,1.4664,1.466,1.4663,37.4");
    expect(gmt.layout.format).toBe("dukascopy-bars");
    expect(gmt.layout.impliedZone).toBe("UTC");
    const local = read(
      "Local time,Ask,Bid,AskVolume,BidVolume\n03.12.2007 06:00:00.000 GMT+0800,1.4665,1.4662,1.2,3.4",
    );
    expect(local.layout.format).toBe("dukascopy-ticks");
    expect(local.layout.rowOffsets).toBe(true);
    const tick = local.chunk as TickChunk;
    expect([tick.time[0], tick.bid[0], tick.ask[0], tick.volume[0]]).toEqual([
      Date.UTC(2007, 11, 2, 22),
      1.4662,
      1.4665,
      3.4,
    ]);
    expect(read("Time (EET),Open,High,Low,Close,Volume\n02.12.2007 22:00:00.000,1,1,1,1,0").layout.impliedZone).toBe(
      "EET",
    );
  });

  it("reads a generic CSV by column names, in any order and case, with epoch seconds", () => {
    const { layout, chunk } = read("Close,TIMESTAMP,low,High,open\n1.5,1704067200,1.0,2.0,1.2");
    expect(layout.format).toBe("csv");
    expect(layout.timeStyle).toBe("epoch");
    const bars = chunk as BarChunk;
    expect([bars.time[0], bars.open[0], bars.high[0], bars.low[0], bars.close[0]]).toEqual([
      Date.UTC(2024, 0, 1),
      1.2,
      2,
      1,
      1.5,
    ]);
  });

  it("reads a headerless CSV with separate date and time columns by position", () => {
    const { layout, chunk } = read("2025.06.23,10:15,1.1,1.3,1.0,1.2,42");
    expect(layout.description).toBe("CSV bars (comma-separated, no header)");
    expect((chunk as BarChunk).time[0]).toBe(Date.UTC(2025, 5, 23, 10, 15));
    expect((chunk as BarChunk).volume[0]).toBe(42);
  });

  it("takes --map and --date-format over detection", () => {
    const text = "when;o;hi;lo;c\n23/06/2025 10:15;1.1;1.3;1.0;1.2";
    const { chunk } = read(text, { map: { time: "when", high: "hi", low: "lo" }, dateFormat: "DD/MM/YYYY HH:mm" });
    expect((chunk as BarChunk).time[0]).toBe(Date.UTC(2025, 5, 23, 10, 15));
    expect((chunk as BarChunk).high[0]).toBe(1.3);
  });

  it("refuses to guess between day/month and month/day", () => {
    const error = errorOf(() => read("time,open,high,low,close\n03/04/2025 10:00,1,1,1,1"));
    expect(error.code).toBe("DATA_AMBIGUOUS_DATE");
    expect(error.message).toContain("--date-format");
  });

  it("names the problem for empty, unknown and mismatched files", () => {
    expect(errorOf(() => detectLayout(["", "  "], "e.csv")).code).toBe("DATA_EMPTY_FILE");
    expect(errorOf(() => detectLayout(["hello world"], "x.txt")).code).toBe("DATA_UNKNOWN_FORMAT");
    const mismatch = errorOf(() => detectLayout(["2025.06.23,00:00,1,1,1,1,0,0,0"], "m.csv", { format: "mt5-bars" }));
    expect(mismatch.code).toBe("DATA_FORMAT_MISMATCH");
    expect(mismatch.message).toContain("comma-separated");
    const missing = errorOf(() => detectLayout(["time,open,high", "2024-01-01 00:00,1,2"], "p.csv"));
    expect(missing.code).toBe("DATA_MISSING_COLUMNS");
    expect(missing.message).toContain("low, close");
    expect(errorOf(() => detectLayout(["a,b", "1,2"], "p.csv", { map: { time: "zzz" } })).code).toBe("DATA_BAD_MAP");
  });
});

describe("RowReader errors", () => {
  const layout = detectLayout(["2025.06.23\t00:00\t1.1\t1.2\t1.0\t1.15\t5\t0\t3"], "bars.txt");
  const reader = new RowReader(layout, (local) => local, "bars.txt");
  const chunk = new BarChunk(10);

  it("names file, line, column and field for a bad number", () => {
    const line = "2025.06.23\t00:01\t1.1\tabc\t1.0\t1.15\t5\t0\t3";
    const error = errorOf(() => reader.read(line, 0, line.length, 7, chunk));
    expect(error.code).toBe("DATA_BAD_NUMBER");
    expect(error.where).toEqual({ file: "bars.txt", line: 7, column: 4, field: "high" });
    expect(error.describe()).toBe("bars.txt:7:4 (field high): high 'abc' is not a number");
  });

  it("names the bad date and the layout it expected", () => {
    const line = "2025.13.01\t00:01\t1.1\t1.2\t1.0\t1.15\t5\t0\t3";
    const error = errorOf(() => reader.read(line, 0, line.length, 3, chunk));
    expect(error.code).toBe("DATA_BAD_DATE");
    expect(error.where).toMatchObject({ line: 3, field: "time" });
    expect(error.message).toContain("YYYY.MM.DD");
  });

  it("says when a line has the wrong delimiter", () => {
    const line = "2025.06.23,00:01,1.1,1.2,1.0,1.15,5,0,3";
    const error = errorOf(() => reader.read(line, 0, line.length, 9, chunk));
    expect(error.code).toBe("DATA_FIELD_COUNT");
    expect(error.message).toContain("this line looks comma-separated");
  });
});
