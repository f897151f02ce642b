import { sma } from "./moving-averages.ts";

/**
 * Relative Strength Index with Wilder's smoothing (α = 1/period), seeded with the mean gain and
 * loss of the first `period` changes; first value at index `period`. 100 when there is no loss.
 */
export function rsi(source: Float64Array, period: number, out = new Float64Array(source.length)): Float64Array {
  let gain = 0;
  let loss = 0;
  out.fill(Number.NaN, 0, Math.min(period, source.length));
  for (let i = 1; i < source.length; i++) {
    const change = source[i] - source[i - 1];
    const up = change > 0 ? change : 0;
    const down = change < 0 ? -change : 0;
    if (i <= period) {
      gain += up / period;
      loss += down / period;
      if (i < period) continue;
    } else {
      gain = (gain * (period - 1) + up) / period;
      loss = (loss * (period - 1) + down) / period;
    }
    out[i] = loss === 0 ? 100 : 100 - 100 / (1 + gain / loss);
  }
  return out;
}

/**
 * Average True Range with Wilder's smoothing; true range of bar 0 is high − low; the first ATR is
 * the mean of the first `period` true ranges, at index period − 1.
 */
export function atr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out = new Float64Array(high.length),
): Float64Array {
  let value = 0;
  for (let i = 0; i < high.length; i++) {
    const range =
      i === 0
        ? high[i] - low[i]
        : Math.max(high[i] - low[i], Math.abs(high[i] - close[i - 1]), Math.abs(low[i] - close[i - 1]));
    if (i < period) {
      value += range / period;
      out[i] = i === period - 1 ? value : Number.NaN;
    } else {
      value = (value * (period - 1) + range) / period;
      out[i] = value;
    }
  }
  return out;
}

/** Bollinger bands: SMA ± k × population standard deviation over `period`; first at period − 1. */
export function bollinger(
  source: Float64Array,
  period: number,
  k: number,
): { middle: Float64Array; upper: Float64Array; lower: Float64Array } {
  const middle = sma(source, period);
  const upper = new Float64Array(source.length);
  const lower = new Float64Array(source.length);
  for (let i = 0; i < source.length; i++) {
    if (i < period - 1) {
      upper[i] = lower[i] = Number.NaN;
      continue;
    }
    let squares = 0;
    for (let j = i - period + 1; j <= i; j++) squares += (source[j] - middle[i]) ** 2;
    const band = k * Math.sqrt(squares / period);
    upper[i] = middle[i] + band;
    lower[i] = middle[i] - band;
  }
  return { middle, upper, lower };
}
