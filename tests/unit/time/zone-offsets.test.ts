import { Temporal } from "@js-temporal/polyfill";
import { describe, expect, it } from "vitest";
import { ZoneOffsets } from "../../../src/core/time/zone-offsets.ts";

const ZONES = ["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Tokyo", "Asia/Kolkata"];
const HOUR = 3_600_000;

/** Wall time `YYYY-MM-DDTHH:MM` as local ms. */
function local(text: string): number {
  const t = Temporal.PlainDateTime.from(text);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
}

describe("zone offsets", () => {
  it("agree with Temporal every 23 h 13 min from 2022 to 2026 in five zones, both ways", () => {
    const wrong: string[] = [];
    for (const zone of ZONES) {
      const offsets = ZoneOffsets.of(zone);
      for (let t = Date.UTC(2022, 0, 1); t < Date.UTC(2027, 0, 1); t += 23 * HOUR + 13 * 60_000) {
        const zoned = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(zone);
        if (offsets.offsetAt(t) !== zoned.offsetNanoseconds / 1e6) wrong.push(`${zone} offset at ${t}`);
        const wall = zoned.toPlainDateTime();
        const back = wall.toZonedDateTime(zone, { disambiguation: "compatible" }).epochMilliseconds;
        const wallMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
        if (offsets.toUtc(wallMs) !== back) wrong.push(`${zone} instant of ${wall}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("changes offset at the exact instant of each 2024 transition", () => {
    const newYork = ZoneOffsets.of("America/New_York");
    expect(newYork.offsetAt(Date.parse("2024-03-10T06:59:59.999Z"))).toBe(-5 * HOUR);
    expect(newYork.offsetAt(Date.parse("2024-03-10T07:00:00Z"))).toBe(-4 * HOUR);
    expect(newYork.offsetAt(Date.parse("2024-11-03T05:59:59.999Z"))).toBe(-4 * HOUR);
    expect(newYork.offsetAt(Date.parse("2024-11-03T06:00:00Z"))).toBe(-5 * HOUR);
    const sydney = ZoneOffsets.of("Australia/Sydney");
    expect(sydney.offsetAt(Date.parse("2024-04-06T15:59:59Z"))).toBe(11 * HOUR);
    expect(sydney.offsetAt(Date.parse("2024-04-06T16:00:00Z"))).toBe(10 * HOUR);
  });

  it("resolves skipped and repeated wall times like Temporal's 'compatible'", () => {
    const newYork = ZoneOffsets.of("America/New_York");
    // 02:30 does not exist on 2024-03-10: it becomes 03:30 EDT.
    expect(newYork.toUtc(local("2024-03-10T02:30"))).toBe(Date.parse("2024-03-10T07:30:00Z"));
    // 01:30 happens twice on 2024-11-03: the first, EDT.
    expect(newYork.toUtc(local("2024-11-03T01:30"))).toBe(Date.parse("2024-11-03T05:30:00Z"));
    const london = ZoneOffsets.of("Europe/London");
    expect(london.toUtc(local("2025-03-30T01:30"))).toBe(Date.parse("2025-03-30T01:30:00Z"));
    expect(london.toUtc(local("2025-10-26T01:30"))).toBe(Date.parse("2025-10-26T00:30:00Z"));
  });

  it("covers instants far before and after the first one asked about", () => {
    const london = ZoneOffsets.of("Europe/London");
    expect(london.offsetAt(Date.parse("2031-07-01T12:00:00Z"))).toBe(HOUR);
    expect(london.offsetAt(Date.parse("1999-07-01T12:00:00Z"))).toBe(HOUR);
    expect(london.offsetAt(Date.parse("1999-12-01T12:00:00Z"))).toBe(0);
  });

  it("rejects an unknown zone with TIME_UNKNOWN_ZONE", () => {
    expect(() => ZoneOffsets.of("Europe/Londn")).toThrow(
      expect.objectContaining({ code: "TIME_UNKNOWN_ZONE", where: { field: "zone" } }),
    );
  });

  it("rejects a non-finite instant with TIME_NOT_FINITE", () => {
    expect(() => ZoneOffsets.of("Asia/Tokyo").offsetAt(Number.NaN)).toThrow(
      expect.objectContaining({ code: "TIME_NOT_FINITE" }),
    );
  });
});
