import type { BarColumns, TickColumns } from "../data/types.ts";
import type { BacktestInput } from "../engine/backtest.ts";
import type { UtcMs } from "../units.ts";

/** Copies rows [from, to) of every per-row column of `columns` (other fields are kept). */
function copyRows<T extends { length: number }>(columns: T, from: number, to: number): T {
  const out: Record<string, unknown> = { length: to - from };
  for (const [key, value] of Object.entries(columns) as [string, unknown][]) {
    if (key === "length") continue;
    const column = value as Float64Array;
    out[key] = ArrayBuffer.isView(value) && column.length === columns.length ? column.slice(from, to) : value;
  }
  return out as T;
}

/** How many of the sorted times are before `end`. */
function countBefore(time: Float64Array, end: UtcMs): number {
  let n = 0;
  while (n < time.length && time[n] < end) n++;
  return n;
}

/**
 * The run restricted to in-sample rows [from, to) with up to `warmupRows` of history before
 * `from`, for an optimiser. Every per-row column is COPIED, not viewed: a subarray still holds
 * its whole buffer, from which later rows could be read back; a copy holds nothing after `to`.
 * Finer bars and rollovers stop at `end`, the window's calendar end (a boundary, not data).
 */
export function inSampleInput(
  input: BacktestInput,
  from: number,
  to: number,
  end: UtcMs,
  warmupRows: number,
): BacktestInput {
  const lo = Math.max(0, from - warmupRows);
  const { sessions, killZones, rollovers, finer } = input;
  const rollTo = rollovers ? countBefore(rollovers.time, end) : 0;
  return {
    ...input,
    backtestId: `${input.backtestId}-is`,
    bars: input.bars && copyRows<BarColumns>(input.bars, lo, to),
    ticks: input.ticks && copyRows<TickColumns>(input.ticks, lo, to),
    startIndex: from - lo,
    finer: finer && copyRows(finer, 0, countBefore(finer.time, end)),
    sessions: sessions && {
      ids: sessions.ids,
      labels: sessions.labels,
      mask: sessions.mask.slice(lo, to),
      primary: sessions.primary.slice(lo, to),
    },
    regime: input.regime?.slice(lo, to),
    killZones: killZones && {
      mask: killZones.mask.slice(lo, to),
      flatten: killZones.flatten,
      // The reason reads only the news calendar, at the instant of row i + lo.
      reasonAt: (i: number) => killZones.reasonAt(i + lo),
      summary: killZones.summary,
    },
    rollovers: rollovers && { time: rollovers.time.slice(0, rollTo), days: rollovers.days.slice(0, rollTo) },
    speedMultiplier: 0,
  };
}
