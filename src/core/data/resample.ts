import { PipscopeError } from "../errors.ts";
import { fxRolloverTimes, fxTradingDate, isoWeekday, parseIsoDate } from "../time/index.ts";
import { MS_PER_DAY, MS_PER_HOUR, type UtcMs } from "../units.ts";
import { TIMEFRAME_MS } from "./timeframes.ts";
import { type BarColumns, TIMEFRAMES, type TickColumns, type Timeframe } from "./types.ts";

/**
 * Resampling rules, for rows sorted by time (UTC epoch ms).
 *
 * Bar boundaries:
 * - M5 … H1 align to the UTC clock (every New York offset is whole hours, so they align to New
 *   York and MT5 server time too).
 * - H4, D1, W1 and MN1 follow the FX day, 17:00 → 17:00 New York (SPEC §3), which is midnight on
 *   the usual MT5 server clock (UTC+2/+3 with New York DST): H4 bars open at 17:00, 21:00, 01:00 …
 *   New York; a D1 bar covers one FX day (five a week, none for the weekend); a W1 bar opens at
 *   the FX week's open, Sunday 17:00 New York (MT5 itself stamps W1 bars a day earlier, Sunday
 *   00:00 server time, when nothing trades); an MN1 bar holds the FX days whose trading date
 *   falls in the month and opens at the start of the one ending on the 1st (MT5's 1st 00:00).
 *   These boundaries come from core/time (`bucketStarts`), so they move with DST.
 *
 * Values: open of the first row, high max, low min, close of the last row, tick volume and volume
 * summed, spread the smallest (MT5 keeps the minimal spread of a bar).
 * Ticks → bars: bid OHLC, tick volume = number of ticks, volume summed (NaN read as 0), spread the
 * smallest ask − bid of the bar in points (rounded).
 */

/** Timeframes whose bars align to a fixed number of ms since 1970 (UTC). */
const CLOCK_ALIGNED: ReadonlySet<Timeframe> = new Set(["M1", "M5", "M15", "M30", "H1"]);

/** Whether bars of `to` can be built from bars of `from` (every `from` bar falls in one `to` bar). */
export function canResample(from: Timeframe, to: Timeframe): boolean {
  const a = TIMEFRAMES.indexOf(from);
  const b = TIMEFRAMES.indexOf(to);
  if (a > b) return false;
  if (a === b) return true;
  // H4 and above start at 17:00 New York: any hour-aligned source fits; W1 does not divide months.
  if (from === "W1") return false;
  if (from === "D1" || from === "H4") return to !== "H4";
  return true;
}

/**
 * The bar opening instants (UTC ms) of a calendar-aligned timeframe (H4, D1, W1, MN1) from a little
 * before `fromMs` through `toMs`, ascending: the table an ASOF JOIN maps each row to its bar with.
 */
export function bucketStarts(timeframe: Timeframe, fromMs: UtcMs, toMs: UtcMs): Float64Array {
  if (CLOCK_ALIGNED.has(timeframe)) {
    throw new PipscopeError("DATA_BAD_TIMEFRAME", `${timeframe} bars align to the clock and need no boundary table`);
  }
  const margin = timeframe === "MN1" ? 32 * MS_PER_DAY : timeframe === "W1" ? 8 * MS_PER_DAY : 2 * MS_PER_DAY;
  const rollovers = fxRolloverTimes(fromMs - margin, toMs + MS_PER_DAY);
  const starts: number[] = [];
  for (const r of rollovers) {
    // The FX day starting at rollover r is labelled with the New York date it ends on.
    const date = fxTradingDate(r);
    if (timeframe === "D1") starts.push(r);
    else if (timeframe === "H4") for (let k = 0; k < 6; k++) starts.push(r + k * 4 * MS_PER_HOUR);
    else if (timeframe === "W1" && isoWeekday(parseIsoDate(date)) === 1) starts.push(r);
    else if (timeframe === "MN1" && date.endsWith("-01")) starts.push(r);
  }
  return Float64Array.from(starts);
}

/** Where each row's bar opens: one pass, rows in time order. */
function bucketsOf(time: Float64Array, timeframe: Timeframe): (i: number) => number {
  if (CLOCK_ALIGNED.has(timeframe)) {
    const step = TIMEFRAME_MS[timeframe];
    return (i) => Math.floor(time[i] / step) * step;
  }
  const starts = time.length ? bucketStarts(timeframe, time[0], time[time.length - 1]) : new Float64Array(0);
  let k = 0;
  return (i) => {
    while (k + 1 < starts.length && starts[k + 1] <= time[i]) k++;
    return starts[k];
  };
}

/** Empty bar columns of `n` rows, filled by the resamplers and cut to what they used. */
function barsOf(n: number): BarColumns {
  return {
    length: 0,
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    tickVolume: new Float64Array(n),
    volume: new Float64Array(n),
    spread: new Float64Array(n),
  };
}

/** The first `n` rows of every column, each in a buffer of its own (transferable). */
function cut(bars: BarColumns, n: number): BarColumns {
  return {
    length: n,
    time: bars.time.slice(0, n),
    open: bars.open.slice(0, n),
    high: bars.high.slice(0, n),
    low: bars.low.slice(0, n),
    close: bars.close.slice(0, n),
    tickVolume: bars.tickVolume.slice(0, n),
    volume: bars.volume.slice(0, n),
    spread: bars.spread.slice(0, n),
  };
}

/** Bars of `timeframe` from finer bars (`canResample` says which can make which). */
export function resampleBars(source: BarColumns, timeframe: Timeframe): BarColumns {
  const n = source.length;
  const out = barsOf(n);
  const bucket = bucketsOf(source.time, timeframe);
  let k = -1;
  let current = Number.NaN;
  for (let i = 0; i < n; i++) {
    const b = bucket(i);
    if (b !== current) {
      current = b;
      k++;
      out.time[k] = b;
      out.open[k] = source.open[i];
      out.high[k] = source.high[i];
      out.low[k] = source.low[i];
      out.tickVolume[k] = 0;
      out.volume[k] = 0;
      out.spread[k] = source.spread[i];
    } else {
      if (source.high[i] > out.high[k]) out.high[k] = source.high[i];
      if (source.low[i] < out.low[k]) out.low[k] = source.low[i];
      if (source.spread[i] < out.spread[k]) out.spread[k] = source.spread[i];
    }
    out.close[k] = source.close[i];
    out.tickVolume[k] += source.tickVolume[i];
    out.volume[k] += source.volume[i];
  }
  return cut(out, k + 1);
}

/** Bars of `timeframe` (M1 and up) from ticks, bid prices; `point` turns ask − bid into points. */
export function resampleTicks(source: TickColumns, timeframe: Timeframe, point: number): BarColumns {
  if (!(point > 0))
    throw new PipscopeError("DATA_BAD_POINT", `point must be positive to measure spreads (got ${point})`);
  const n = source.length;
  const out = barsOf(n);
  const bucket = bucketsOf(source.time, timeframe);
  let k = -1;
  let current = Number.NaN;
  for (let i = 0; i < n; i++) {
    const b = bucket(i);
    const bid = source.bid[i];
    const spread = Math.round((source.ask[i] - bid) / point);
    if (b !== current) {
      current = b;
      k++;
      out.time[k] = b;
      out.open[k] = bid;
      out.high[k] = bid;
      out.low[k] = bid;
      out.tickVolume[k] = 0;
      out.volume[k] = 0;
      out.spread[k] = spread;
    } else {
      if (bid > out.high[k]) out.high[k] = bid;
      if (bid < out.low[k]) out.low[k] = bid;
      if (spread < out.spread[k]) out.spread[k] = spread;
    }
    out.close[k] = bid;
    out.tickVolume[k]++;
    const volume = source.volume[i];
    if (!Number.isNaN(volume)) out.volume[k] += volume;
  }
  return cut(out, k + 1);
}
