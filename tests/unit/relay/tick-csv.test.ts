import { describe, expect, it } from "vitest";
import { parseTickCsv } from "../../../relay/upstream/tick-csv.ts";

function failure(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    return error as { code: string; message: string; where?: object };
  }
  throw new Error("did not throw");
}

describe("replay files", () => {
  it("merge the symbols of a comma file into one time-ordered tape", () => {
    const tape = parseTickCsv(
      [
        "time,symbol,bid,ask,last,volume,flags",
        "2024-01-02T09:00:00.000Z,EURUSD,1.1,1.1001,,,6",
        "1704186000500,USDJPY,141.1,141.12,,,2",
        "2024-01-02T10:00:01+01:00,EURUSD,1.1002,1.1003,,,4",
        "",
      ].join("\r\n"),
      "ticks.csv",
    );
    expect(tape.symbols).toEqual(["EURUSD", "USDJPY"]);
    expect([...tape.symbol]).toEqual([0, 1, 0]);
    expect([...tape.time]).toEqual([
      Date.UTC(2024, 0, 2, 9),
      Date.UTC(2024, 0, 2, 9, 0, 0, 500),
      Date.UTC(2024, 0, 2, 9, 0, 1),
    ]);
    expect([...tape.bid]).toEqual([1.1, 141.1, 1.1002]);
    expect([...tape.flags]).toEqual([6, 2, 4]);
    expect(Number.isNaN(tape.last[0])).toBe(true);
  });

  it("read a tab file without a symbol column as the one symbol named", () => {
    const tape = parseTickCsv("Time_msc\tBid\tAsk\n1000\t1.2\t1.3\n", "t.tsv", "GBPUSD");
    expect(tape.symbols).toEqual(["GBPUSD"]);
    expect([...tape.flags]).toEqual([6]);
  });

  it("name file, line and field of each problem", () => {
    const bad = (text: string, symbol?: string) => failure(() => parseTickCsv(text, "t.csv", symbol));
    expect(bad("1,2,3")).toMatchObject({
      code: "RELAY_BAD_TICK_FILE",
      where: { file: "t.csv", line: 1, field: "time" },
    });
    expect(bad("time;bid;ask\n1;1.1;1.2")).toMatchObject({ where: { line: 1, field: "symbol" } });
    expect(bad("time,symbol,bid,ask\n1,EURUSD,x,1.2")).toMatchObject({ where: { line: 2, field: "bid" } });
    expect(bad("time,symbol,bid,ask\n1,EURUSD,1.1,1.2\nnoon,EURUSD,1.1,1.2")).toMatchObject({
      where: { line: 3, field: "time" },
    });
    expect(bad("time,symbol,bid,ask\n5,EURUSD,1.1,1.2\n4,EURUSD,1.1,1.2")).toMatchObject({
      message: "EURUSD goes back in time (1970-01-01T00:00:00.004Z after 1970-01-01T00:00:00.005Z)",
      where: { line: 3 },
    });
    expect(bad("time,symbol,bid,ask\n1,EURUSD,0,1.2")).toMatchObject({ where: { line: 2, field: "bid" } });
    expect(bad("time,symbol,bid,ask\n1,EURUSD,1.2,1.1")).toMatchObject({
      message: "ask 1.1 is below bid 1.2",
      where: { line: 2, field: "ask" },
    });
    expect(bad("time,symbol,bid,ask\n1,EURUSD,1.1,1.2\n9000000000000000,EURUSD,1.1,1.2")).toMatchObject({
      message: "'9000000000000000' is not between 1970 and 2200 (epoch ms)",
      where: { line: 3, field: "time" },
    });
    expect(bad("time,symbol,bid,ask\n")).toMatchObject({ message: "no ticks after the header" });
  });
});
