import {
  activeSessionMask,
  DEFAULT_OVERLAPS,
  DEFAULT_SESSIONS,
  fillSessionMask,
  KillZones,
  type NewsEvent,
  SessionSchedule,
  US_EQUITY_CALENDAR,
} from "../../src/core/time/index.ts";
import { type Benchmark, median, timeMedian } from "./harness.ts";

/** Every minute of 2024 and 2025: 1,052,640 M1 bar times. */
function minutes(): Float64Array {
  const from = Date.UTC(2024, 0, 1);
  const times = new Float64Array((Date.UTC(2026, 0, 1) - from) / 60_000);
  for (let i = 0; i < times.length; i++) times[i] = from + i * 60_000;
  return times;
}

const rate = (rows: number, ms: number) => rows / (ms / 1000);

/** The scalar API, one call per row, on the first `rows` times: the baseline the tables must beat. */
function scalarRate(times: Float64Array, rows: number): number {
  const samples: number[] = [];
  let sink = 0;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    for (let i = 0; i < rows; i++) sink ^= activeSessionMask(times[i]);
    samples.push(performance.now() - started);
  }
  if (sink === -1) console.log(sink); // keeps the loop from being optimised away
  return rate(rows, median(samples));
}

const benchmarks: Benchmark[] = [
  {
    // Tables are built once per schedule and range of years (warm-up runs build them), as in a backtest.
    name: "time.session_mask_rows_per_s",
    budget: { on: "value", op: ">=", limit: 20e6 },
    async run() {
      const times = minutes();
      const mask = new Uint8Array(times.length);
      const primary = new Uint8Array(times.length);
      const ms = await timeMedian(() => fillSessionMask(times, mask, primary), 9, 2);
      return {
        value: rate(times.length, ms),
        unit: "rows/s",
        baseline: { name: "scalar activeSessionMask", value: scalarRate(times, 200_000) },
      };
    },
  },
  {
    // A fresh schedule each run: the two years of tables are built inside the measurement.
    name: "time.session_mask_cold_rows_per_s",
    async run() {
      const times = minutes();
      const mask = new Uint8Array(times.length);
      const primary = new Uint8Array(times.length);
      const ms = await timeMedian(
        () => {
          const schedule = new SessionSchedule({ sessions: [...DEFAULT_SESSIONS], overlaps: [...DEFAULT_OVERLAPS] });
          fillSessionMask(times, mask, primary, schedule);
        },
        5,
        1,
      );
      return { value: rate(times.length, ms), unit: "rows/s" };
    },
  },
  {
    name: "time.us_equity_phase_rows_per_s",
    budget: { on: "value", op: ">=", limit: 20e6 },
    async run() {
      const times = minutes();
      const out = new Uint8Array(times.length);
      const ms = await timeMedian(() => US_EQUITY_CALENDAR.fillPhases(times, out), 9, 2);
      return { value: rate(times.length, ms), unit: "rows/s" };
    },
  },
  {
    // A high-impact USD or EUR event every 4 hours of two years: 4,386 kill zones.
    name: "time.kill_zone_mask_rows_per_s",
    async run() {
      const times = minutes();
      const events: NewsEvent[] = [];
      for (let t = times[0]; t < times[times.length - 1]; t += 4 * 3_600_000)
        events.push({
          time: t,
          allDay: false,
          currency: "USD",
          impact: "High",
          title: "x",
          forecast: "",
          previous: "",
        });
      const zones = new KillZones(events, ["EUR", "USD"], { minutesBefore: 30, minutesAfter: 30, impacts: ["High"] });
      const out = new Uint8Array(times.length);
      const ms = await timeMedian(() => zones.fill(times, out), 9, 2);
      return { value: rate(times.length, ms), unit: "rows/s" };
    },
  },
];

export default benchmarks;
