import type { TickColumns } from "../../../src/core/data/types.ts";

/** Ticks per batch the recording loop stores. */
export const TICKS_PER_BATCH = 500;
/** The time of tick 0 (UTC ms): Monday 5 January 2026; ticks follow every 100 ms. */
export const FIRST_TICK = Date.UTC(2026, 0, 5);

/** Ticks [from, from + count) of the recording: each one's time and price follow from its index. */
export function recordedTicks(from: number, count: number): TickColumns {
  const time = new Float64Array(count);
  const bid = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    time[i] = FIRST_TICK + (from + i) * 100;
    bid[i] = 1.1 + ((from + i) % 50) * 0.00001;
  }
  return {
    length: count,
    time,
    bid,
    ask: bid.map((b) => b + 0.00008),
    last: new Float64Array(count).fill(Number.NaN),
    volume: new Float64Array(count),
    flags: new Int32Array(count).fill(6),
  };
}
