import type { TickColumns } from "../../src/core/data/types.ts";

/** Ticks of several symbols merged into one time-ordered column set; `symbol[i]` indexes `symbols`. */
export interface TickTape extends TickColumns {
  symbols: string[];
  symbol: Uint16Array;
}

/**
 * Merges per-symbol tick columns (each in time order) into one tape in time order; ties keep the
 * order of `series`. A k-way merge over a handful of symbols: k comparisons per tick.
 */
export function mergeTicks(series: readonly { symbol: string; ticks: TickColumns }[]): TickTape {
  const length = series.reduce((sum, s) => sum + s.ticks.length, 0);
  const tape: TickTape = {
    length,
    symbols: series.map((s) => s.symbol),
    symbol: new Uint16Array(length),
    time: new Float64Array(length),
    bid: new Float64Array(length),
    ask: new Float64Array(length),
    last: new Float64Array(length),
    volume: new Float64Array(length),
    flags: new Int32Array(length),
  };
  const next = new Int32Array(series.length);
  for (let out = 0; out < length; out++) {
    let pick = -1;
    for (let k = 0; k < series.length; k++) {
      const ticks = series[k].ticks;
      if (next[k] < ticks.length && (pick < 0 || ticks.time[next[k]] < series[pick].ticks.time[next[pick]])) pick = k;
    }
    const from = series[pick].ticks;
    const i = next[pick]++;
    tape.symbol[out] = pick;
    tape.time[out] = from.time[i];
    tape.bid[out] = from.bid[i];
    tape.ask[out] = from.ask[i];
    tape.last[out] = from.last[i];
    tape.volume[out] = from.volume[i];
    tape.flags[out] = from.flags[i];
  }
  return tape;
}
