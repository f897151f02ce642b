import { PipscopeError } from "../errors.ts";
import { fxRolloverTimes, fxTradingDate, isoWeekday, parseIsoDate } from "../time/index.ts";
import { MS_PER_DAY, MS_PER_HOUR, type UtcMs } from "../units.ts";
import { TIMEFRAME_MS } from "./timeframes.ts";
import { TIMEFRAMES, type Timeframe } from "./types.ts";

/**
 * Resampling rules (issue 5 §5), as SQL for DuckDB over a relation of rows sorted by time whose
 * `time` column is UTC epoch ms (DOUBLE).
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
 *   These boundaries come from core/time (a table joined with ASOF JOIN), so they move with DST.
 *
 * Values: open of the first row, high max, low min, close of the last row, tick volume and volume
 * summed, spread the smallest (MT5 keeps the minimal spread of a bar). "First" and "last" use
 * DuckDB's first()/last() over a scan in file order: DuckDB-WASM runs single-threaded and our
 * partitions are sorted by time, so the scan order is time order (ties keep file order).
 * Ticks → M1: bid OHLC, tick volume = number of ticks, volume summed (NaN read as 0), spread the
 * smallest ask − bid of the minute in points.
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

/** Column list every bar query returns, in BarColumns order. */
export const BAR_SELECT = "time, open, high, low, close, tick_volume, volume, spread";

/**
 * SQL that resamples bars in `source` (a relation with BAR_SELECT columns, `time` as epoch ms)
 * to `timeframe`. Calendar-aligned timeframes join `boundaries`, a relation with one DOUBLE
 * column `start` holding bucketStarts().
 */
export function resampleBarsSql(source: string, timeframe: Timeframe, boundaries: string): string {
  const bucket = bucketExpression(timeframe, "s");
  const join = CLOCK_ALIGNED.has(timeframe) ? "" : ` ASOF JOIN ${boundaries} b ON s.time >= b.start`;
  return `SELECT ${bucket} AS time, first(s.open) AS open, max(s.high) AS high, min(s.low) AS low,
    last(s.close) AS close, sum(s.tick_volume) AS tick_volume, sum(s.volume) AS volume, min(s.spread) AS spread
    FROM ${source} s${join} GROUP BY 1 ORDER BY 1`;
}

/**
 * SQL that turns ticks in `source` (columns time as epoch ms, bid, ask, volume) into bars of
 * `timeframe` (M1 and up) with bid prices; `point` converts ask − bid to points.
 */
export function resampleTicksSql(source: string, timeframe: Timeframe, point: number, boundaries: string): string {
  if (!(point > 0))
    throw new PipscopeError("DATA_BAD_POINT", `point must be positive to measure spreads (got ${point})`);
  const bucket = bucketExpression(timeframe, "s");
  const join = CLOCK_ALIGNED.has(timeframe) ? "" : ` ASOF JOIN ${boundaries} b ON s.time >= b.start`;
  return `SELECT ${bucket} AS time, first(s.bid) AS open, max(s.bid) AS high, min(s.bid) AS low, last(s.bid) AS close,
    count(*)::DOUBLE AS tick_volume, sum(CASE WHEN isnan(s.volume) THEN 0 ELSE s.volume END) AS volume,
    min(round((s.ask - s.bid) / ${point}))::DOUBLE AS spread
    FROM ${source} s${join} GROUP BY 1 ORDER BY 1`;
}

function bucketExpression(timeframe: Timeframe, alias: string): string {
  if (!CLOCK_ALIGNED.has(timeframe)) return "b.start";
  const step = TIMEFRAME_MS[timeframe];
  return `floor(${alias}.time / ${step}) * ${step}`;
}
