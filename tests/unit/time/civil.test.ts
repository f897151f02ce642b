import { describe, expect, it } from "vitest";
import {
  civilDate,
  epochDay,
  formatIsoDate,
  isoWeekday,
  parseHhMm,
  parseIsoDate,
} from "../../../src/core/time/civil.ts";

describe("civil dates", () => {
  it("counts days from 1970-01-01 like Date.UTC does", () => {
    expect(epochDay(1970, 1, 1)).toBe(0);
    expect(epochDay(2024, 2, 29)).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
    expect(epochDay(1969, 12, 31)).toBe(-1);
    expect(epochDay(2000, 3, 1) - epochDay(2000, 2, 28)).toBe(2); // 2000 is a leap year
    expect(epochDay(2100, 3, 1) - epochDay(2100, 2, 28)).toBe(1); // 2100 is not
  });

  it("turns every day of 1999–2031 back into its date", () => {
    for (let day = epochDay(1999, 1, 1); day < epochDay(2032, 1, 1); day++) {
      const { year, month, day: d } = civilDate(day);
      expect(epochDay(year, month, d)).toBe(day);
    }
  });

  it("names ISO weekdays: 2024-02-29 was a Thursday, 2024-03-10 a Sunday", () => {
    expect(isoWeekday(epochDay(2024, 2, 29))).toBe(4);
    expect(isoWeekday(epochDay(2024, 3, 10))).toBe(7);
    expect(isoWeekday(epochDay(1969, 12, 29))).toBe(1);
  });

  it("parses and formats YYYY-MM-DD, leap days included", () => {
    expect(formatIsoDate(parseIsoDate("2024-02-29"))).toBe("2024-02-29");
    expect(parseHhMm("09:30")).toBe(570);
    expect(parseHhMm("00:00")).toBe(0);
  });

  it("rejects 2023-02-29 and other non-dates with TIME_BAD_DATE naming the field", () => {
    for (const bad of ["2023-02-29", "2024-13-01", "2024-1-5", "yesterday"]) {
      expect(() => parseIsoDate(bad, "from")).toThrow(
        expect.objectContaining({ code: "TIME_BAD_DATE", where: { field: "from" } }),
      );
    }
  });

  it("rejects 24:00 and 9:30 as times of day with TIME_BAD_CLOCK_TIME", () => {
    expect(() => parseHhMm("24:00")).toThrow(expect.objectContaining({ code: "TIME_BAD_CLOCK_TIME" }));
    expect(() => parseHhMm("9:30")).toThrow(expect.objectContaining({ code: "TIME_BAD_CLOCK_TIME" }));
  });
});
