import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readTickFile } from "../../../relay/upstream/tick-file.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));

function failure(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    return error as { code: string; message: string; where?: object };
  }
  throw new Error("did not throw");
}

describe("replay files", () => {
  it("read an MT5 Ticks export (UTF-16LE, CRLF, empty = unchanged) as the symbol named", () => {
    const tape = readTickFile(fixture("EURUSD-mt5-ticks.csv"), "EURUSD-mt5-ticks.csv", ["EURUSD"]);
    expect(tape.symbols).toEqual(["EURUSD"]);
    expect([...tape.time]).toEqual([0, 150, 400].map((ms) => Date.UTC(2024, 5, 10, 12) + ms));
    expect([...tape.bid]).toEqual([1.0765, 1.07651, 1.07651]);
    expect([...tape.ask]).toEqual([1.07662, 1.07662, 1.07665]);
    expect([...tape.flags]).toEqual([6, 2, 4]);
  });

  it("read the relay's own format when the header names a symbol column", () => {
    const tape = readTickFile(fixture("ticks.csv"), "ticks.csv", []);
    expect(tape.symbols).toEqual(["EURUSD", "USDJPY"]);
    expect(tape.length).toBe(4);
  });

  it("ask for --symbols when a file without a symbol column is given none", () => {
    expect(failure(() => readTickFile(fixture("EURUSD-mt5-ticks.csv"), "x.csv", []))).toMatchObject({
      code: "RELAY_BAD_TICK_FILE",
      where: { file: "x.csv", field: "--symbols" },
    });
  });

  it("refuse a bar file, and ticks that go back in time, naming the line", () => {
    const bars = Buffer.from(
      "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\n2024.06.10\t12:00:00\t1.1\t1.2\t1.0\t1.1\t5\t0\t12\n",
    );
    expect(failure(() => readTickFile(bars, "bars.csv", ["EURUSD"])).message).toContain(
      "holds bars; a replay needs ticks",
    );
    const backwards = Buffer.from("time,bid,ask\n2024-06-10T12:00:01Z,1.1,1.2\n2024-06-10T12:00:00Z,1.1,1.2\n");
    expect(failure(() => readTickFile(backwards, "b.csv", ["EURUSD"]))).toMatchObject({
      where: { line: 3, field: "time" },
    });
  });
});
