import { checkColumns, checkPeriod } from "./checks.ts";

/*
 * Wilder-smoothed oscillators (α = 1/period), seeded with the plain mean of their first `period`
 * inputs. Same NaN rule as the moving averages: a NaN restarts the warm-up. Twins of
 * wasm/assembly/oscillators.ts.
 */

/**
 * Relative Strength Index over `period` price changes; the first value is at index `period`
 * (period changes need period + 1 prices). When the window has no loss it is 100, and 50 when it
 * has neither gain nor loss (a flat market), as in MT5's RSI.mq5.
 */
export function rsi(
  source: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(source.length),
): Float64Array {
  checkPeriod(period);
  checkColumns({ source }, { out });
  let gain = 0;
  let loss = 0;
  let previous = 0;
  let lastNan = -1;
  for (let i = 0; i < source.length; i++) {
    const x = source[i];
    let y = Number.NaN;
    if (Number.isNaN(x)) {
      lastNan = i;
      gain = 0;
      loss = 0;
    } else {
      const changes = i - lastNan - 1;
      if (changes > 0) {
        const change = x - previous;
        const up = change > 0 ? change : 0;
        const down = change < 0 ? -change : 0;
        if (changes > period) {
          gain = (gain * (period - 1) + up) / period;
          loss = (loss * (period - 1) + down) / period;
        } else {
          gain += up / period;
          loss += down / period;
        }
        if (changes >= period) y = loss !== 0 ? 100 - 100 / (1 + gain / loss) : gain !== 0 ? 100 : 50;
      }
      previous = x;
    }
    out[i] = y;
  }
  return out;
}

/**
 * Average True Range: true range = max(high − low, |high − previous close|, |low − previous
 * close|), high − low on the first bar (no previous close); Wilder-smoothed, first value at index
 * period − 1. A bar with any NaN restarts the warm-up.
 */
export function atr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(high.length),
): Float64Array {
  checkPeriod(period);
  checkColumns({ high, low, close }, { out });
  let value = 0;
  let previousClose = 0;
  let lastNan = -1;
  for (let i = 0; i < high.length; i++) {
    const h = high[i];
    const l = low[i];
    const c = close[i];
    let y = Number.NaN;
    if (Number.isNaN(h) || Number.isNaN(l) || Number.isNaN(c)) {
      lastNan = i;
      value = 0;
    } else {
      const run = i - lastNan;
      let range = h - l;
      if (run > 1) range = Math.max(range, Math.max(Math.abs(h - previousClose), Math.abs(l - previousClose)));
      if (run > period) {
        value = (value * (period - 1) + range) / period;
        y = value;
      } else {
        value += range / period;
        if (run === period) y = value;
      }
      previousClose = c;
    }
    out[i] = y;
  }
  return out;
}
