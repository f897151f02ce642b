import { checkColumns, checkNumber, checkPeriod } from "./checks.ts";
import { restartEvery } from "./sliding.ts";

/*
 * Rolling-window statistics over `period` values, NaN until the first full window (index
 * period − 1 on NaN-free data) and wherever the window holds a NaN. Twins of
 * wasm/assembly/rolling.ts.
 */

/** Bollinger bands, each the length of the source. */
export interface BollingerBands {
  middle: Float64Array;
  upper: Float64Array;
  lower: Float64Array;
}

/**
 * Rolling mean and population standard deviation. At each restart (the first full window, then
 * every `restartEvery` values) the window is taken afresh in two passes (mean, then squared
 * deviations); in between, Welford's update slides it one value at a time (remove the oldest, add
 * the newest) in O(1), accurate for prices whose variance is tiny next to their square, where
 * Σx² − (Σx)²/n would cancel. Writes the mean unless `meanOut` is undefined.
 */
function welford(source: Float64Array, period: number, meanOut: Float64Array | undefined, sdOut: Float64Array): void {
  const restart = restartEvery(period);
  let mean = 0;
  let m2 = 0;
  let lastNan = -1;
  let untilRestart = 0;
  for (let i = 0; i < source.length; i++) {
    const x = source[i];
    let average = Number.NaN;
    let sd = Number.NaN;
    if (Number.isNaN(x)) {
      lastNan = i;
    } else if (i - lastNan >= period) {
      if (i - lastNan === period || --untilRestart === 0) {
        let sum = 0;
        for (let j = i - period + 1; j <= i; j++) sum += source[j];
        mean = sum / period;
        m2 = 0;
        for (let j = i - period + 1; j <= i; j++) m2 += (source[j] - mean) * (source[j] - mean);
        untilRestart = restart;
      } else {
        const oldest = source[i - period];
        const next = mean + (x - oldest) / period;
        m2 += (x - oldest) * (x - next + oldest - mean);
        mean = next;
      }
      average = mean;
      // max, not a branch: the kernel's f64x2.max, so a rounding-negative m2 gives 0 in both.
      sd = Math.sqrt(Math.max(m2, 0) / period);
    }
    if (meanOut) meanOut[i] = average;
    sdOut[i] = sd;
  }
}

/** Rolling population standard deviation (divides by `period`, like Bollinger and MT5's StdDev). */
export function rollingStdev(
  source: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(source.length),
): Float64Array {
  checkPeriod(period);
  checkColumns({ source }, { out });
  welford(source, period, undefined, out);
  return out;
}

/** Bollinger bands: rolling mean ± k population standard deviations (k ≥ 0, commonly 2). */
export function bollinger(
  source: Float64Array,
  period: number,
  k: number,
  out: BollingerBands = {
    middle: new Float64Array(source.length),
    upper: new Float64Array(source.length),
    lower: new Float64Array(source.length),
  },
): BollingerBands {
  checkPeriod(period);
  checkNumber(k, "k", { atLeast: 0 });
  checkColumns({ source }, { middle: out.middle, upper: out.upper, lower: out.lower });
  const { middle, upper, lower } = out;
  welford(source, period, middle, upper);
  for (let i = 0; i < source.length; i++) {
    const mean = middle[i];
    const band = k * upper[i];
    upper[i] = mean + band;
    lower[i] = mean - band;
  }
  return out;
}

/**
 * Rolling maximum of sign × source, times sign: sign −1 gives the minimum exactly (negation is
 * exact and max(−a, −b) = −min(a, b), signed zeros included). Van Herk / Gil-Werman: in blocks
 * of `period` values aligned at 0, a prefix maximum (kept in `out`) and a suffix maximum (in
 * `scratch`); a window spans the tail of one block and the head of the next, so its maximum is
 * max(suffix[i − period + 1], prefix[i]) — three comparisons per value whatever the period.
 * Math.max propagates NaN, so a window holding a NaN yields NaN.
 */
function rollingExtreme(source: Float64Array, period: number, sign: number, out: Float64Array): Float64Array {
  const n = source.length;
  const scratch = new Float64Array(n);
  let best = 0;
  for (let i = 0, inBlock = 0; i < n; i++, inBlock++) {
    const x = sign * source[i];
    if (inBlock === period) inBlock = 0;
    best = inBlock === 0 ? x : Math.max(best, x);
    out[i] = best;
  }
  for (let i = n - 1, inBlock = (n - 1) % period; i >= 0; i--, inBlock--) {
    const x = sign * source[i];
    best = i === n - 1 || inBlock === period - 1 ? x : Math.max(best, x);
    if (inBlock === 0) inBlock = period;
    scratch[i] = best;
  }
  for (let i = 0; i < n; i++) out[i] = i < period - 1 ? Number.NaN : sign * Math.max(scratch[i - period + 1], out[i]);
  return out;
}

/** Rolling maximum over `period` values; first value at index period − 1. */
export function rollingMax(
  source: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(source.length),
): Float64Array {
  checkPeriod(period);
  checkColumns({ source }, { out });
  return rollingExtreme(source, period, 1, out);
}

/** Rolling minimum over `period` values; first value at index period − 1. */
export function rollingMin(
  source: Float64Array,
  period: number,
  out: Float64Array = new Float64Array(source.length),
): Float64Array {
  checkPeriod(period);
  checkColumns({ source }, { out });
  return rollingExtreme(source, period, -1, out);
}
