import { describe, expect, it } from "vitest";
import { formatFixed, formatIsoUtc } from "../../../src/core/format.ts";

describe("fast formatting for log lines", () => {
  it("formatIsoUtc equals toISOString across leap years, month ends and milliseconds", () => {
    let state = 42;
    for (let i = 0; i < 20_000; i++) {
      state = (state * 1664525 + 1013904223) >>> 0;
      const ms = Math.floor((state / 2 ** 32) * Date.UTC(2100, 0, 1));
      expect(formatIsoUtc(ms)).toBe(new Date(ms).toISOString());
    }
    for (const ms of [0, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2000, 11, 31), Date.UTC(1900, 0, 1)]) {
      expect(formatIsoUtc(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it("formatFixed matches toFixed away from exact binary ties, without negative zeros", () => {
    let state = 7;
    for (let i = 0; i < 20_000; i++) {
      state = (state * 1664525 + 1013904223) >>> 0;
      const value = (state / 2 ** 32 - 0.5) * 4000;
      for (const digits of [0, 1, 2, 3, 4, 5, 7]) {
        const expected = value.toFixed(digits);
        expect(formatFixed(value, digits)).toBe(/^-0\.?0*$/.test(expected) ? expected.slice(1) : expected);
      }
    }
    expect(formatFixed(-0.004, 2)).toBe("0.00");
    expect(formatFixed(1.10012, 5)).toBe("1.10012");
    expect(formatFixed(2e9, 2)).toBe("2000000000.00");
    expect(formatFixed(0.0000000001, 10)).toBe("0.0000000001");
    expect(formatFixed(-12.000001, 6)).toBe("-12.000001");
    expect(formatFixed(Number.NaN, 2)).toBe("NaN");
    expect(formatFixed(1e20, 2)).toBe((1e20).toFixed(2));
  });
});
