import { describe, expect, it } from "vitest";
import { SimulatedClock, systemClock } from "../../../src/core/time/clock.ts";

describe("clocks", () => {
  it("the simulated clock starts where told and moves only when the engine moves it", () => {
    const clock = new SimulatedClock(Date.parse("2024-03-12T12:30:00Z"));
    expect(clock.now()).toBe(1_710_246_600_000);
    clock.advanceBy(60_000);
    expect(clock.now()).toBe(1_710_246_660_000);
    clock.advanceTo(1_710_246_660_000);
    expect(clock.now()).toBe(1_710_246_660_000);
  });

  it("refuses to go back with CLOCK_BACKWARDS naming both instants", () => {
    const clock = new SimulatedClock(Date.parse("2024-03-12T12:30:00Z"));
    expect(() => clock.advanceTo(Date.parse("2024-03-12T12:29:00Z"))).toThrow(
      expect.objectContaining({
        code: "CLOCK_BACKWARDS",
        message: expect.stringContaining("2024-03-12T12:30:00.000Z to 2024-03-12T12:29:00.000Z"),
      }),
    );
    expect(() => clock.advanceBy(Number.NaN)).toThrow(expect.objectContaining({ code: "CLOCK_BACKWARDS" }));
  });

  it("refuses a non-finite start with CLOCK_NOT_FINITE", () => {
    expect(() => new SimulatedClock(Number.NaN)).toThrow(expect.objectContaining({ code: "CLOCK_NOT_FINITE" }));
  });

  it("the system clock reads the machine's time", () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
