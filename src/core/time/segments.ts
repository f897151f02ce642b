import { PipscopeError } from "../errors.ts";
import { MS_PER_DAY } from "../units.ts";
import { epochDay, yearOf } from "./civil.ts";

/**
 * A piecewise-constant state over time (a session bitmask, a market phase), precomputed so a whole
 * time column is labelled without one Temporal call per row: `states[i]` holds from `changes[i]`
 * until `changes[i + 1]`. `dayIndex[d]` is the segment in force at the start of the d-th UTC day
 * after `fromMs`, so finding a row's segment is one lookup plus a step or two.
 */
export interface SegmentTable {
  /** Coverage, UTC ms: [fromMs, toMs), whole UTC days. */
  fromMs: number;
  toMs: number;
  dayIndex: Int32Array;
  /** Change instants, ascending; `changes[0]` is -Infinity and the last is +Infinity (sentinels). */
  changes: Float64Array;
  states: Uint8Array;
}

/** An interval [start, end) in UTC ms during which `channel` is on. */
export interface ChannelInterval {
  start: number;
  end: number;
  channel: number;
}

/**
 * Sweeps intervals into a SegmentTable over [fromMs, toMs): at each boundary the per-channel
 * counts change and `stateOf(counts)` gives the new state (0–255). Runs once per table, so it may
 * allocate.
 */
export function buildSegmentTable(
  fromMs: number,
  toMs: number,
  intervals: readonly ChannelInterval[],
  channels: number,
  stateOf: (counts: Int32Array) => number,
): SegmentTable {
  const edges: { at: number; channel: number; delta: number }[] = [];
  for (const { start, end, channel } of intervals) {
    if (end <= start) continue;
    edges.push({ at: start, channel, delta: 1 }, { at: end, channel, delta: -1 });
  }
  edges.sort((a, b) => a.at - b.at);
  const counts = new Int32Array(channels);
  const changes = [Number.NEGATIVE_INFINITY];
  const states = [stateOf(counts)];
  for (let e = 0; e < edges.length; ) {
    const at = edges[e].at;
    for (; e < edges.length && edges[e].at === at; e++) counts[edges[e].channel] += edges[e].delta;
    const state = stateOf(counts);
    if (state !== states[states.length - 1]) {
      changes.push(at);
      states.push(state);
    }
  }
  changes.push(Number.POSITIVE_INFINITY);
  states.push(states[states.length - 1]);
  const firstDay = Math.floor(fromMs / MS_PER_DAY);
  const days = Math.ceil(toMs / MS_PER_DAY) - firstDay;
  const dayIndex = new Int32Array(days);
  for (let d = 0, i = 0; d < days; d++) {
    const dayStart = (firstDay + d) * MS_PER_DAY;
    while (changes[i + 1] <= dayStart) i++;
    dayIndex[d] = i;
  }
  return {
    fromMs: firstDay * MS_PER_DAY,
    toMs: (firstDay + days) * MS_PER_DAY,
    dayIndex,
    changes: Float64Array.from(changes),
    states: Uint8Array.from(states),
  };
}

/**
 * Builds tables for whole UTC years on demand and keeps the widest one, so repeated fills over the
 * same years cost no rebuild. `build(fromMs, toMs)` must cover at least [fromMs, toMs).
 */
export class SegmentCache {
  private table: SegmentTable | null = null;

  constructor(private readonly build: (fromMs: number, toMs: number) => SegmentTable) {}

  /** A table covering [minMs, maxMs]. */
  covering(minMs: number, maxMs: number): SegmentTable {
    const table = this.table;
    if (table && minMs >= table.fromMs && maxMs < table.toMs) return table;
    let from = epochDay(yearOf(minMs), 1, 1) * MS_PER_DAY;
    let to = epochDay(yearOf(maxMs) + 1, 1, 1) * MS_PER_DAY;
    if (table) {
      from = Math.min(from, table.fromMs);
      to = Math.max(to, table.toMs);
    }
    this.table = this.build(from, to);
    return this.table;
  }

  /**
   * Writes the state of every instant of `times` (UTC ms, any order) into `out`, and, when given,
   * `lookup[state]` into `mapped` (e.g. the primary label of a session mask). A non-finite time is
   * a PipscopeError naming its row.
   */
  fill(times: Float64Array, out: Uint8Array, lookup?: Uint8Array, mapped?: Uint8Array): void {
    const n = times.length;
    if (out.length < n || (mapped && mapped.length < n))
      throw new PipscopeError("TIME_OUTPUT_TOO_SHORT", `output arrays need ${n} rows for ${n} times`);
    if (n === 0) return;
    let min = times[0];
    let max = times[0];
    for (let k = 0; k < n; k++) {
      const t = times[k];
      if (!Number.isFinite(t))
        throw new PipscopeError("TIME_NOT_FINITE", `time ${t} at row ${k} is not an instant`, { path: `[${k}]` });
      if (t < min) min = t;
      else if (t > max) max = t;
    }
    const { dayIndex, changes, states, fromMs } = this.covering(min, max);
    // The benchmarked hot path (≥ 20M rows/s), inlined by hand: a row in the same segment as
    // the previous one (most rows of a sorted column) costs two comparisons; any other row starts
    // from its day's first segment. `| 0` is exact: (t - fromMs) is ≥ 0 and under 2^31 days.
    let i = 0;
    for (let k = 0; k < n; k++) {
      const t = times[k];
      if (!(t >= changes[i] && t < changes[i + 1])) {
        i = dayIndex[((t - fromMs) / MS_PER_DAY) | 0];
        while (changes[i + 1] <= t) i++;
      }
      out[k] = states[i];
    }
    if (lookup && mapped) for (let k = 0; k < n; k++) mapped[k] = lookup[out[k]];
  }
}
