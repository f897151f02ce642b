import type { MarketCalendar } from "../time/market-calendar.ts";
import { MS_PER_HOUR, type UtcMs } from "../units.ts";
import { TIMEFRAME_MS } from "./timeframes.ts";
import type { Timeframe } from "./types.ts";

/** A requested range and the part of it some data covers (UTC ms; `covered` null when it covers none). */
export interface Coverage {
  requested: { from: UtcMs; to: UtcMs };
  covered: { first: UtcMs; last: UtcMs } | null;
}

/** Market time in [from, to), in ms, by the calendar's open intervals (weekends and holidays count for nothing). */
function openMs(calendar: MarketCalendar, from: number, to: number): number {
  if (!(to > from)) return 0;
  let total = 0;
  for (const [start, end] of calendar.openIntervals(from, to)) total += end - start;
  return total;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
/** Dates when both ends fall on midnights, else minutes. */
const span = (from: number, to: number) =>
  from % 86_400_000 === 0 && to % 86_400_000 === 0
    ? `${day(from)} → ${day(to - 1)}`
    : `${minute(from)} → ${minute(to)}`;

/**
 * What data misses of a requested range, in words, or null when it covers it: market time (by
 * the calendar, so a weekend or a holiday is no gap) of more than one bar (an hour for ticks)
 * before the first row or after the last bar ends. E.g. "the cached data covers 2025-06-22 →
 * 2026-01-21 of the requested 2024-11-01 → 2026-10-31".
 */
export function coverageGap(
  coverage: Coverage,
  calendar: MarketCalendar,
  timeframe: Timeframe | "ticks",
): string | null {
  const { requested, covered } = coverage;
  const requestedText = span(requested.from, requested.to);
  if (!covered) return `the cached data holds nothing of the requested ${requestedText}`;
  const bar = timeframe === "ticks" ? 0 : TIMEFRAME_MS[timeframe];
  const tolerance = Math.max(bar, timeframe === "ticks" ? MS_PER_HOUR : 0);
  const before = openMs(calendar, requested.from, covered.first);
  const after = openMs(calendar, covered.last + bar, requested.to);
  if (before <= tolerance && after <= tolerance) return null;
  return `the cached data covers ${minute(covered.first)} → ${minute(covered.last + bar)} of the requested ${requestedText}`;
}

/** What a dataset holding [first, last] covers of a requested range: their overlap, or null. */
export function overlapOf(first: UtcMs, last: UtcMs, requested: Coverage["requested"]): Coverage["covered"] {
  if (last < requested.from || first >= requested.to) return null;
  return { first: Math.max(first, requested.from), last: Math.min(last, requested.to - 1) };
}
