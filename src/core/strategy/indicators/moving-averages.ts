import { checkColumns, checkPeriod } from "./checks.ts";
import { restartEvery } from "./sliding.ts";

/*
 * Moving averages over a whole column, computed once in a strategy's `init`. Each returns `out`
 * (a new Float64Array the length of `source` unless given), NaN until its first full window.
 * Warm-up: a window is full once `period` numbers follow the last NaN, so the first value is at
 * index period − 1 on NaN-free data, and at L + period − 1 after L leading NaNs (another
 * indicator's warm-up); a NaN later on restarts the warm-up. The wasm kernels
 * (wasm/assembly/moving-averages.ts) match to ≤ 1e-12 relative (EMA bit for bit).
 */

/** Simple moving average of `period` values; first value at index period − 1. */
export function sma(
  source: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(source.length),
): Float64Array {
  checkPeriod(period);
  checkColumns({ source }, { out });
  const restart = restartEvery(period);
  let sum = 0;
  let lastNan = -1;
  let untilRestart = 0;
  for (let i = 0; i < source.length; i++) {
    const x = source[i];
    let y = Number.NaN;
    if (Number.isNaN(x)) {
      lastNan = i;
    } else if (i - lastNan >= period) {
      if (i - lastNan === period || --untilRestart === 0) {
        sum = 0;
        for (let j = i - period + 1; j <= i; j++) sum += source[j];
        untilRestart = restart;
      } else {
        sum += x;
        sum -= source[i - period];
      }
      y = sum / period;
    }
    out[i] = y;
  }
  return out;
}

/**
 * Linearly weighted moving average, weights 1 (oldest) … `period` (newest) over their sum
 * period(period + 1)/2, as MT5's MODE_LWMA; first value at index period − 1. O(1) per value: the
 * weighted sum gains period × newest and loses the plain sum of the previous window (a recurrence
 * that integrates the plain sum's rounding error, hence the restarts of `restartEvery`).
 */
export function wma(
  source: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(source.length),
): Float64Array {
  checkPeriod(period);
  checkColumns({ source }, { out });
  const weights = (period * (period + 1)) / 2;
  const restart = restartEvery(period);
  let sum = 0;
  let weighted = 0;
  let lastNan = -1;
  let untilRestart = 0;
  for (let i = 0; i < source.length; i++) {
    const x = source[i];
    let y = Number.NaN;
    if (Number.isNaN(x)) {
      lastNan = i;
    } else if (i - lastNan >= period) {
      if (i - lastNan === period || --untilRestart === 0) {
        sum = 0;
        weighted = 0;
        for (let j = 1; j <= period; j++) {
          const value = source[i - period + j];
          weighted += j * value;
          sum += value;
        }
        untilRestart = restart;
      } else {
        weighted += period * x - sum;
        sum += x - source[i - period];
      }
      y = weighted / weights;
    }
    out[i] = y;
  }
  return out;
}

/**
 * Exponential moving average with α = 2 / (period + 1), seeded with the SMA of the first
 * `period` values (the convention of TA-Lib and MT5's iMA); first value at index period − 1.
 */
export function ema(
  source: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(source.length),
): Float64Array {
  checkPeriod(period);
  checkColumns({ source }, { out });
  const alpha = 2 / (period + 1);
  let value = 0;
  let lastNan = -1;
  for (let i = 0; i < source.length; i++) {
    const x = source[i];
    let y = Number.NaN;
    if (Number.isNaN(x)) {
      lastNan = i;
      value = 0;
    } else {
      const run = i - lastNan;
      if (run > period) {
        value += alpha * (x - value);
        y = value;
      } else {
        value += x;
        if (run === period) {
          value /= period;
          y = value;
        }
      }
    }
    out[i] = y;
  }
  return out;
}
