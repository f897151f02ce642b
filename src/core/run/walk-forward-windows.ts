import { PipscopeError } from "../errors.ts";
import { MS_PER_DAY, type UtcMs } from "../units.ts";

/**
 * How walk-forward cuts the tested range. Sizes are calendar days, not bars: a window then means
 * the same stretch of market time on H1 and M5 data, and weekends and holidays (no bars) do not
 * stretch it.
 */
export interface WalkForwardSettings {
  /**
   * "rolling": every in-sample window is `inSampleDays` long and moves forward by
   * `outOfSampleDays`; "anchored": every in-sample window starts at the test's start and grows.
   */
  mode: "rolling" | "anchored";
  /** In-sample (optimisation) window, calendar days (> 0). */
  inSampleDays: number;
  /** Out-of-sample (test) window, calendar days (> 0); also the step between windows. */
  outOfSampleDays: number;
}

/**
 * One walk-forward step. Times are the calendar boundaries [start, end) in UTC ms; rows are the
 * loaded rows inside them, [from, to). The out-of-sample window starts where the in-sample ends.
 */
export interface WalkForwardWindow {
  index: number;
  inSample: { start: UtcMs; end: UtcMs; from: number; to: number };
  outOfSample: { start: UtcMs; end: UtcMs; from: number; to: number };
}

/** First row whose time is at or after `t` (rows are in time order). */
function lowerBound(time: Float64Array, t: number, from: number): number {
  let lo = from;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The windows over rows [startIndex, time.length) (rows before `startIndex` are warm-up history).
 * With t0 the first tested row's time, IS = in-sample days and OOS = out-of-sample days, window k
 * has in-sample [t0 + k·OOS, t0 + k·OOS + IS) when rolling, [t0, t0 + IS + k·OOS) when anchored,
 * and out-of-sample [in-sample end, in-sample end + OOS). Windows continue while the out-of-sample
 * window holds a row; the last one is cut short at the end of the data (it ends just after the
 * last row: no window reaches past what was tested). A window whose
 * out-of-sample has no rows (a weekend) is skipped; its in-sample rows still feed the next
 * anchored window.
 * Throws WALK_FORWARD_BAD_WINDOW for a size that is not a positive number and
 * WALK_FORWARD_TOO_SHORT when the data does not reach past the first in-sample window.
 */
export function walkForwardWindows(
  time: Float64Array,
  startIndex: number,
  settings: WalkForwardSettings,
): WalkForwardWindow[] {
  const { inSampleDays, outOfSampleDays } = settings;
  for (const [field, days] of [
    ["in_sample_days", inSampleDays],
    ["out_of_sample_days", outOfSampleDays],
  ] as const) {
    if (!(Number.isFinite(days) && days > 0))
      throw new PipscopeError("WALK_FORWARD_BAD_WINDOW", `${field} must be a positive number of days, got ${days}`, {
        path: `$.walk_forward.${field}`,
      });
  }
  const windows: WalkForwardWindow[] = [];
  if (startIndex >= time.length) return windows;
  const t0 = time[startIndex];
  const inSample = inSampleDays * MS_PER_DAY;
  const step = outOfSampleDays * MS_PER_DAY;
  const last = time[time.length - 1];
  for (let k = 0; ; k++) {
    const isStart = settings.mode === "rolling" ? t0 + k * step : t0;
    const isEnd = t0 + k * step + inSample;
    if (isEnd > last) break;
    const oosEnd = Math.min(isEnd + step, last + 1);
    const isFrom = lowerBound(time, isStart, startIndex);
    const isTo = lowerBound(time, isEnd, isFrom);
    const oosTo = lowerBound(time, oosEnd, isTo);
    if (oosTo === isTo || isTo === isFrom) continue;
    windows.push({
      index: windows.length,
      inSample: { start: isStart, end: isEnd, from: isFrom, to: isTo },
      outOfSample: { start: isEnd, end: oosEnd, from: isTo, to: oosTo },
    });
  }
  if (windows.length === 0) {
    throw new PipscopeError(
      "WALK_FORWARD_TOO_SHORT",
      `the tested range (${((last - t0) / MS_PER_DAY).toFixed(1)} days) does not reach past the first in-sample window of ${inSampleDays} days: lengthen the range or shorten the windows`,
      { path: "$.walk_forward.in_sample_days" },
    );
  }
  return windows;
}
