/**
 * Moving averages over a whole column, computed once in a strategy's `init`. Each returns a new
 * Float64Array (or fills `out`) the length of `source`, NaN until the first full window.
 */

/** Simple moving average; the first value is at index period − 1. NaN inputs poison their windows. */
export function sma(source: Float64Array, period: number, out = new Float64Array(source.length)): Float64Array {
  let sum = 0;
  for (let i = 0; i < source.length; i++) {
    sum += source[i];
    if (i >= period) sum -= source[i - period];
    out[i] = i >= period - 1 ? sum / period : Number.NaN;
  }
  return out;
}

/**
 * Exponential moving average with α = 2 / (period + 1), seeded with the SMA of the first
 * `period` values (the convention of TA-Lib and MT5's iMA); first value at index period − 1.
 */
export function ema(source: Float64Array, period: number, out = new Float64Array(source.length)): Float64Array {
  const alpha = 2 / (period + 1);
  let value = 0;
  for (let i = 0; i < source.length; i++) {
    if (i < period - 1) {
      value += source[i];
      out[i] = Number.NaN;
    } else if (i === period - 1) {
      value = (value + source[i]) / period;
      out[i] = value;
    } else {
      value += alpha * (source[i] - value);
      out[i] = value;
    }
  }
  return out;
}
