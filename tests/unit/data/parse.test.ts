import { describe, expect, it } from "vitest";
import { DateTimePattern, parseOffset } from "../../../src/core/data/parse/datetime.ts";
import { LineSplitter } from "../../../src/core/data/parse/lines.ts";
import { parseDecimal } from "../../../src/core/data/parse/number.ts";
import { PipscopeError } from "../../../src/core/errors.ts";

const parse = (pattern: string, text: string) => new DateTimePattern(pattern).parse(text, 0, text.length);

describe("parseDecimal", () => {
  it("parses prices to the nearest double, like Number()", () => {
    for (const text of ["1.08123", "0.00001", "145.123", "2034.56", "-0.5", "+3", "7.", ".25", "00012.500"]) {
      expect(parseDecimal(text, 0, text.length)).toBe(Number(text));
    }
  });

  it("reads a field inside a line without copying it", () => {
    expect(parseDecimal("a\t1.2345\tb", 2, 8)).toBe(1.2345);
  });

  it("gives NaN for empty, text and two dots, and falls back for exponents and long numbers", () => {
    expect(parseDecimal("", 0, 0)).toBeNaN();
    expect(parseDecimal("1.2.3", 0, 5)).toBeNaN();
    expect(parseDecimal("abc", 0, 3)).toBeNaN();
    expect(parseDecimal("1e-5", 0, 4)).toBe(0.00001);
    expect(parseDecimal("1.23456789012345678", 0, 19)).toBe(Number("1.23456789012345678"));
  });
});

describe("DateTimePattern", () => {
  it("reads MT5 dates and times with optional seconds and milliseconds", () => {
    expect(parse("YYYY.MM.DD", "2025.06.23")).toBe(Date.UTC(2025, 5, 23));
    expect(parse("HH:mm:ss.SSS", "13:45")).toBe((13 * 60 + 45) * 60_000);
    expect(parse("HH:mm:ss.SSS", "13:45:07")).toBe(((13 * 60 + 45) * 60 + 7) * 1000);
    expect(parse("HH:mm:ss.SSS", "13:45:07.089")).toBe(((13 * 60 + 45) * 60 + 7) * 1000 + 89);
  });

  it("reads HistData's compact times, with and without milliseconds", () => {
    expect(parse("YYYYMMDD HHmmss", "20170102 020000")).toBe(Date.UTC(2017, 0, 2, 2));
    expect(parse("YYYYMMDD HHmmssSSS", "20120201 000003660")).toBe(Date.UTC(2012, 1, 1, 0, 0, 3, 660));
  });

  it("reads Dukascopy local times with their GMT offset", () => {
    const pattern = new DateTimePattern("DD.MM.YYYY HH:mm:ss.SSSZ");
    const text = "02.12.2007 22:00:00.000 GMT+0800";
    expect(pattern.parse(text, 0, text.length)).toBe(Date.UTC(2007, 11, 2, 22));
    expect(pattern.offsetMs).toBe(8 * 3_600_000);
  });

  it("accepts T or space between date and time, and a Z", () => {
    const pattern = new DateTimePattern("YYYY-MM-DD HH:mm:ss.SSSZ");
    expect(pattern.parse("2024-01-02T03:04:05Z", 0, 20)).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(pattern.offsetMs).toBe(0);
    expect(pattern.parse("2024-01-02 03:04", 0, 16)).toBe(Date.UTC(2024, 0, 2, 3, 4));
    expect(pattern.offsetMs).toBeNaN();
  });

  it("rejects impossible dates and times, missing fields and trailing junk", () => {
    expect(parse("YYYY.MM.DD", "2025.02.29")).toBeNaN();
    expect(parse("YYYY.MM.DD", "2025.13.01")).toBeNaN();
    expect(parse("HH:mm:ss.SSS", "24:00")).toBeNaN();
    expect(parse("YYYY-MM-DD HH:mm", "2024-01-02")).toBeNaN();
    expect(parse("YYYY.MM.DD", "2025.06.23x")).toBeNaN();
    expect(parse("YYYYMMDD HHmmss", "2017010 020000")).toBeNaN();
  });

  it("refuses a layout with unknown letters", () => {
    expect(() => new DateTimePattern("YYYY-MM-DD hh:mm")).toThrow(PipscopeError);
  });

  it("parses offsets in the usual spellings", () => {
    expect(parseOffset("+02:00", 0, 6)).toBe(7_200_000);
    expect(parseOffset("-0530", 0, 5)).toBe(-(5 * 60 + 30) * 60_000);
    expect(parseOffset(" UTC-5", 0, 6)).toBe(-5 * 3_600_000);
    expect(parseOffset("CET", 0, 3)).toBeNaN();
  });
});

describe("LineSplitter", () => {
  it("joins lines split across pieces, strips CR, and reports an unterminated last line", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter("prices.csv");
    const take = (text: string, start: number, end: number, n: number) =>
      lines.push(`${n}:${text.slice(start, end)}`) > 0;
    splitter.push("a,b\r\nc,");
    splitter.drain(take);
    splitter.push("d\r\n\r\ne");
    splitter.drain(take);
    expect(splitter.end(take)).toBe(true);
    expect(lines).toEqual(["1:a,b", "2:c,d", "3:", "4:e"]);
  });

  it("pauses where the handler says and resumes with the next line", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter("prices.csv");
    splitter.push("1\n2\n3\n");
    expect(splitter.drain((text, s, e) => lines.push(text.slice(s, e)) < 2)).toBe(false);
    expect(lines).toEqual(["1", "2"]);
    splitter.push("4\n");
    expect(splitter.drain((text, s, e) => lines.push(text.slice(s, e)) > 0)).toBe(true);
    expect(lines).toEqual(["1", "2", "3", "4"]);
  });

  it("refuses a line past its limit as the piece that makes it so arrives, naming file and line", () => {
    const splitter = new LineSplitter("prices.csv", 10);
    splitter.push("abc\n0123456");
    expect(splitter.drain(() => true)).toBe(true);
    splitter.push("789"); // line 2 is 10 characters so far: at the limit, not past it
    const error = (() => {
      try {
        splitter.push("0\nok\n");
      } catch (e) {
        return e as PipscopeError;
      }
    })();
    expect(error?.code).toBe("DATA_LINE_TOO_LONG");
    expect(error?.describe()).toBe(
      "prices.csv:2: line 2 runs past 10 characters without a line break; bars and ticks take a few dozen a line — is this the right file?",
    );
  });

  it("counts the lines still waiting to be drained when it names a line too long", () => {
    const splitter = new LineSplitter("prices.csv", 4);
    splitter.push("1\n2\n3\n45");
    expect(splitter.drain((_text, _s, _e, n) => n < 1)).toBe(false);
    expect(() => splitter.push("678")).toThrow(expect.objectContaining({ where: { file: "prices.csv", line: 4 } }));
  });

  it("says there was no unterminated line when the text ends with a newline", () => {
    const splitter = new LineSplitter("prices.csv");
    splitter.push("x\n");
    splitter.drain(() => true);
    expect(splitter.end(() => true)).toBe(false);
  });
});
