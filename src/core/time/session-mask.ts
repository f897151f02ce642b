import { MS_PER_DAY } from "../units.ts";
import { buildSegmentTable, type ChannelInterval, SegmentCache, type SegmentTable } from "./segments.ts";
import { DEFAULT_SESSION_SCHEDULE, type SessionSchedule } from "./session-schedule.ts";

const caches = new WeakMap<SessionSchedule, SegmentCache>();

/**
 * One table per schedule: every session occurrence and every open interval of the market between
 * two instants, swept into mask changes (state = bits of the open sessions, 0 while the market is
 * closed). A few hundred interval ends per month, built once per range of years.
 */
function buildSessionTable(schedule: SessionSchedule, fromMs: number, toMs: number): SegmentTable {
  const intervals: ChannelInterval[] = [];
  const gate = schedule.ids.length;
  for (let i = 0; i < schedule.ids.length; i++) {
    const offsets = schedule.offsetsOf(i);
    const first = Math.floor(offsets.toLocal(fromMs) / MS_PER_DAY) - 2;
    const last = Math.floor(offsets.toLocal(toMs) / MS_PER_DAY) + 2;
    for (let day = first; day <= last; day++) {
      const occurrence = schedule.occurrence(i, day);
      if (occurrence) intervals.push({ start: occurrence[0], end: occurrence[1], channel: i });
    }
  }
  for (const [start, end] of schedule.market.openIntervals(fromMs - 2 * MS_PER_DAY, toMs + 2 * MS_PER_DAY))
    intervals.push({ start, end, channel: gate });
  return buildSegmentTable(fromMs, toMs, intervals, gate + 1, (counts) => {
    if (counts[gate] === 0) return 0;
    let mask = 0;
    for (let i = 0; i < gate; i++) if (counts[i] > 0) mask |= 1 << i;
    return mask;
  });
}

function cacheOf(schedule: SessionSchedule): SegmentCache {
  let cache = caches.get(schedule);
  if (!cache) {
    cache = new SegmentCache((fromMs, toMs) => buildSessionTable(schedule, fromMs, toMs));
    caches.set(schedule, cache);
  }
  return cache;
}

/**
 * Vectorised `activeSessionMask`: for every instant of `times` (UTC ms, any order) writes the bits
 * of the open sessions into `mask` (bit i = schedule.ids[i]) and, when given, the primary label's
 * index into schedule.labels into `primary`. Equal to the scalar API at every instant (tested on
 * every minute of 2024–2025); ≥ 20M rows/s because it reads precomputed per-day tables.
 */
export function fillSessionMask(
  times: Float64Array,
  mask: Uint8Array,
  primary?: Uint8Array,
  schedule: SessionSchedule = DEFAULT_SESSION_SCHEDULE,
): void {
  const cache = cacheOf(schedule);
  if (primary) cache.fill(times, mask, schedule.primaryOfMask, primary);
  else cache.fill(times, mask);
}

/** Session labels of a time column, in the shape the backtest engine reads (engine SessionColumns). */
export interface SessionColumns {
  /** Bit i of `mask` is `ids[i]`. */
  ids: readonly string[];
  mask: Uint8Array;
  /** Index into `labels` of each row's primary label. */
  primary: Uint8Array;
  labels: readonly string[];
}

/** Masks and primary labels of every row of `times` (UTC ms), allocated here. */
export function sessionColumns(
  times: Float64Array,
  schedule: SessionSchedule = DEFAULT_SESSION_SCHEDULE,
): SessionColumns {
  const mask = new Uint8Array(times.length);
  const primary = new Uint8Array(times.length);
  fillSessionMask(times, mask, primary, schedule);
  return { ids: schedule.ids, mask, primary, labels: schedule.labels };
}
