import { describe, expect, it } from "vitest";
import {
  activeSessionMask,
  DEFAULT_SESSION_SCHEDULE,
  FX_CALENDAR,
  fillSessionMask,
  MARKET_PHASES,
  primarySession,
  SessionSchedule,
  sessionColumns,
  US_EQUITY_CALENDAR,
} from "../../../src/core/time/index.ts";

const MINUTE = 60_000;

/** Every minute from `from` (inclusive) to `to` (exclusive), UTC. */
function minutes(from: string, to: string): Float64Array {
  const start = Date.parse(from);
  const times = new Float64Array((Date.parse(to) - start) / MINUTE);
  for (let i = 0; i < times.length; i++) times[i] = start + i * MINUTE;
  return times;
}

/** First few rows where the two disagree, as readable strings (empty when they agree everywhere). */
function disagreements(times: Float64Array, scalar: (t: number) => number, vector: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < times.length && out.length < 5; i++) {
    const expected = scalar(times[i]);
    if (expected !== vector[i])
      out.push(`${new Date(times[i]).toISOString()}: scalar ${expected}, vector ${vector[i]}`);
  }
  return out;
}

describe("vectorised session masks", () => {
  const times = minutes("2024-01-01T00:00:00Z", "2026-01-01T00:00:00Z");

  it("equal the scalar API on every minute of 2024 and 2025 (1,052,640 minutes)", () => {
    expect(times.length).toBe(1_052_640);
    const mask = new Uint8Array(times.length);
    const primary = new Uint8Array(times.length);
    fillSessionMask(times, mask, primary);
    // Both columns in one pass over the scalar API (primarySession = labels[primaryOfMask[mask]]).
    const scalarMask = new Uint8Array(times.length);
    for (let i = 0; i < times.length; i++) scalarMask[i] = activeSessionMask(times[i]);
    expect(disagreements(times, (t) => scalarMask[(t - times[0]) / MINUTE], mask)).toEqual([]);
    const primaryOf = DEFAULT_SESSION_SCHEDULE.primaryOfMask;
    expect(disagreements(times, (t) => primaryOf[scalarMask[(t - times[0]) / MINUTE]], primary)).toEqual([]);
    expect(primarySession(Date.parse("2024-03-12T12:30:00Z"))).toBe("OVERLAP_LONDON_NY");
    expect(DEFAULT_SESSION_SCHEDULE.labels[primary[(Date.parse("2024-03-12T12:30:00Z") - times[0]) / MINUTE]]).toBe(
      "OVERLAP_LONDON_NY",
    );
  });

  it("equal the scalar phases of both calendars every 5 minutes of 2024 and 2025 (every phase boundary)", () => {
    // Every boundary of these calendars falls on :00 or :30, so a 5-minute grid lands on each one.
    const grid = times.filter((_, i) => i % 5 === 0);
    for (const calendar of [FX_CALENDAR, US_EQUITY_CALENDAR]) {
      const phases = calendar.fillPhases(grid);
      expect(disagreements(grid, (t) => MARKET_PHASES.indexOf(calendar.phaseAt(t)), phases)).toEqual([]);
    }
  });

  it("equal the scalar API for a midnight-crossing custom schedule, in any row order", () => {
    const schedule = new SessionSchedule({
      sessions: [
        { id: "NIGHT", zone: "Europe/London", open: "22:00", close: "02:00", weekdays: [1, 2, 3, 4, 5, 7] },
        { id: "KOLKATA", zone: "Asia/Kolkata", open: "09:15", close: "15:30" },
      ],
      overlaps: [{ id: "BOTH", sessions: ["NIGHT", "KOLKATA"] }],
    });
    const spring = minutes("2024-03-01T00:00:00Z", "2024-04-15T00:00:00Z").reverse();
    const mask = new Uint8Array(spring.length);
    fillSessionMask(spring, mask, undefined, schedule);
    expect(disagreements(spring, (t) => activeSessionMask(t, schedule), mask)).toEqual([]);
    expect(mask.some((m) => m === 1)).toBe(true);
  });

  it("returns the engine's columns: ids, mask, primary and labels", () => {
    const rows = Float64Array.of(Date.parse("2024-03-12T12:30:00Z"), Date.parse("2024-03-09T12:00:00Z"));
    const columns = sessionColumns(rows);
    expect(columns.ids).toEqual(["LONDON", "NEW_YORK", "ASIAN", "SYDNEY"]);
    expect([...columns.mask]).toEqual([0b11, 0]);
    expect([...columns.primary].map((i) => columns.labels[i])).toEqual(["OVERLAP_LONDON_NY", "CLOSED"]);
    expect(sessionColumns(new Float64Array(0)).mask.length).toBe(0);
  });

  it("rejects a NaN time with TIME_NOT_FINITE naming the row", () => {
    const rows = Float64Array.of(Date.parse("2024-03-12T12:30:00Z"), Number.NaN);
    expect(() => sessionColumns(rows)).toThrow(
      expect.objectContaining({ code: "TIME_NOT_FINITE", where: { path: "[1]" } }),
    );
  });

  it("rejects output arrays shorter than the times with TIME_OUTPUT_TOO_SHORT", () => {
    expect(() => fillSessionMask(new Float64Array(3), new Uint8Array(2))).toThrow(
      expect.objectContaining({ code: "TIME_OUTPUT_TOO_SHORT" }),
    );
  });
});
