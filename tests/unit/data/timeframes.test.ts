import { describe, expect, it } from "vitest";
import { timeframeForSpan } from "../../../src/core/data/timeframes.ts";

const DAY = 86_400_000;

describe("timeframeForSpan", () => {
  it("keeps the run's own timeframe when it fits", () => {
    expect(timeframeForSpan(30 * DAY, "H1", 60_000)).toBe("H1"); // 720 bars
    expect(timeframeForSpan(30 * DAY, "M1", 60_000)).toBe("M1"); // 43,200 bars
  });
  it("goes coarser, never finer, until the range fits", () => {
    expect(timeframeForSpan(365 * DAY, "M1", 60_000)).toBe("M15"); // M5 would be 105,120
    expect(timeframeForSpan(365 * DAY, "M1", 10_000)).toBe("H1"); // 8,760
  });
  it("stops at D1 however long the range", () => {
    expect(timeframeForSpan(100_000 * DAY, "M1", 1_000)).toBe("D1");
    expect(timeframeForSpan(10 * DAY, "W1", 1_000)).toBe("D1");
  });
});
