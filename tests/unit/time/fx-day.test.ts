import { describe, expect, it } from "vitest";
import { fxRollovers, fxRolloverTimes, fxTradingDate, fxTradingDayStart } from "../../../src/core/time/index.ts";

const at = (iso: string) => Date.parse(iso);
const isos = (times: Float64Array) => [...times].map((t) => new Date(t).toISOString());

describe("the FX trading day", () => {
  it("rolls at 17:00 New York: 22:00 UTC in winter, on a leap day too", () => {
    expect(fxTradingDayStart(at("2024-02-29T12:00:00Z"))).toBe(at("2024-02-28T22:00:00Z"));
    expect(fxTradingDate(at("2024-02-28T21:59:59.999Z"))).toBe("2024-02-28");
    expect(fxTradingDate(at("2024-02-28T22:00:00Z"))).toBe("2024-02-29");
    expect(fxTradingDate(at("2024-02-29T21:59:00Z"))).toBe("2024-02-29");
    expect(fxTradingDate(at("2024-02-29T22:00:00Z"))).toBe("2024-03-01");
  });

  it("rolls at 21:00 UTC once New York is on EDT; Sunday evening is Monday", () => {
    expect(fxTradingDayStart(at("2024-03-11T10:00:00Z"))).toBe(at("2024-03-10T21:00:00Z"));
    expect(fxTradingDate(at("2024-03-10T21:30:00Z"))).toBe("2024-03-11");
    expect(fxTradingDayStart(at("2024-03-10T21:00:00Z"))).toBe(at("2024-03-10T21:00:00Z"));
  });

  it("lists every 17:00 New York in a range, weekends and both sides of a DST change included", () => {
    expect(isos(fxRolloverTimes(at("2024-03-08T00:00:00Z"), at("2024-03-12T00:00:00Z")))).toEqual([
      "2024-03-08T22:00:00.000Z",
      "2024-03-09T22:00:00.000Z",
      "2024-03-10T21:00:00.000Z",
      "2024-03-11T21:00:00.000Z",
    ]);
    // [from, to): a rollover exactly at `to` is left out, one at `from` kept.
    expect(isos(fxRolloverTimes(at("2024-03-08T22:00:00Z"), at("2024-03-09T22:00:00Z")))).toEqual([
      "2024-03-08T22:00:00.000Z",
    ]);
  });

  it("charges swaps at Monday–Friday rollovers, three days on Wednesday", () => {
    const { time, days } = fxRollovers(at("2024-01-01T00:00:00Z"), at("2024-01-08T00:00:00Z"));
    expect(isos(time)).toEqual([
      "2024-01-01T22:00:00.000Z",
      "2024-01-02T22:00:00.000Z",
      "2024-01-03T22:00:00.000Z",
      "2024-01-04T22:00:00.000Z",
      "2024-01-05T22:00:00.000Z",
    ]);
    expect([...days]).toEqual([1, 1, 3, 1, 1]);
  });
});
