// Rolling-window statistics: population standard deviation, Bollinger bands, maximum, minimum.

import { fillNaN, nextNan, restartEvery } from "./runs";

/**
 * Rolling mean and sum of squared deviations (m2): per NaN-free run and per block between
 * restarts, the window taken afresh in two passes as the twin does, then slid by Welford's update
 * with the twin's operations in the twin's order (so the bands equal the twin's bit for bit: the
 * engine runs them in wasm), leaving the square roots to `deviations`, two per SIMD step. Writes
 * m2 to `m2Out`, and the mean to `meanOut` unless it is 0; NaN outside full NaN-free windows.
 */
function welford(src: usize, n: i32, period: i32, meanOut: usize, m2Out: usize): void {
  const p = <f64>period;
  const restart = restartEvery(period);
  let start = 0;
  while (start < n) {
    const end = nextNan(src, start, n);
    const first = start + period - 1;
    if (meanOut !== 0) fillNaN(meanOut, start, min(first, end));
    fillNaN(m2Out, start, min(first, end));
    for (let anchor = first; anchor < end; anchor += restart) {
      let sum = 0.0;
      for (let j = anchor - period + 1; j <= anchor; j++) sum += load<f64>(src + ((<usize>j) << 3));
      let mean = sum / p;
      let m2 = 0.0;
      for (let j = anchor - period + 1; j <= anchor; j++) {
        const deviation = load<f64>(src + ((<usize>j) << 3)) - mean;
        m2 += deviation * deviation;
      }
      if (meanOut !== 0) store<f64>(meanOut + ((<usize>anchor) << 3), mean);
      store<f64>(m2Out + ((<usize>anchor) << 3), m2);
      const stop = min(anchor + restart, end);
      for (let i = anchor + 1; i < stop; i++) {
        const at = (<usize>i) << 3;
        const x = load<f64>(src + at);
        const oldest = load<f64>(src + ((<usize>(i - period)) << 3));
        const next = mean + (x - oldest) / p;
        m2 += (x - oldest) * (x - next + oldest - mean);
        mean = next;
        if (meanOut !== 0) store<f64>(meanOut + at, mean);
        store<f64>(m2Out + at, m2);
      }
    }
    if (end < n) {
      if (meanOut !== 0) store<f64>(meanOut + ((<usize>end) << 3), NaN);
      store<f64>(m2Out + ((<usize>end) << 3), NaN);
    }
    start = end + 1;
  }
}

/** Turns m2 into population standard deviations in place: sqrt(max(m2, 0) / period); NaN stays NaN. */
function deviations(m2: usize, n: i32, period: i32): void {
  const divisor = f64x2.splat(<f64>period);
  const zero = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const at = m2 + ((<usize>i) << 3);
    v128.store(at, f64x2.sqrt(f64x2.div(f64x2.max(v128.load(at), zero), divisor)));
  }
  if (i < n) {
    const at = m2 + ((<usize>i) << 3);
    store<f64>(at, Math.sqrt(max(load<f64>(at), 0) / <f64>period));
  }
}

/** Rolling population standard deviation (divides by `period`, like Bollinger and MT5's StdDev). */
export function rollingStdev(src: usize, n: i32, period: i32, out: usize): void {
  welford(src, n, period, 0, out);
  deviations(out, n, period);
}

/** Bollinger bands: rolling mean ± k population standard deviations, the bands two per SIMD step. */
export function bollinger(src: usize, n: i32, period: i32, k: f64, middle: usize, upper: usize, lower: usize): void {
  welford(src, n, period, middle, upper);
  deviations(upper, n, period);
  const width = f64x2.splat(k);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const at = (<usize>i) << 3;
    const mean = v128.load(middle + at);
    const band = f64x2.mul(width, v128.load(upper + at));
    v128.store(upper + at, f64x2.add(mean, band));
    v128.store(lower + at, f64x2.sub(mean, band));
  }
  if (i < n) {
    const at = (<usize>i) << 3;
    const mean = load<f64>(middle + at);
    const band = k * load<f64>(upper + at);
    store<f64>(upper + at, mean + band);
    store<f64>(lower + at, mean - band);
  }
}

/**
 * Rolling maximum of `sign` × source, times `sign` (sign −1 gives the minimum, exactly: negation
 * is exact and max(−a, −b) = −min(a, b), signed zeros included). Van Herk / Gil-Werman: within
 * blocks of `period` values aligned at 0, a prefix maximum (kept in `out`) and a suffix maximum
 * (in `scratch`, n values); a window spans the tail of one block and the head of the next, so its
 * maximum is max(suffix[i − period + 1], prefix[i]): three comparisons per value whatever the
 * period. f64.max propagates NaN, so a window holding a NaN yields NaN.
 */
function rollingExtreme(src: usize, n: i32, period: i32, sign: f64, out: usize, scratch: usize): void {
  let best = 0.0;
  for (let i = 0, inBlock = 0; i < n; i++, inBlock++) {
    const x = sign * load<f64>(src + ((<usize>i) << 3));
    if (inBlock === period) inBlock = 0;
    best = inBlock === 0 ? x : max(best, x);
    store<f64>(out + ((<usize>i) << 3), best);
  }
  for (let i = n - 1, inBlock = (n - 1) % period; i >= 0; i--, inBlock--) {
    const x = sign * load<f64>(src + ((<usize>i) << 3));
    best = i === n - 1 || inBlock === period - 1 ? x : max(best, x);
    if (inBlock === 0) inBlock = period;
    store<f64>(scratch + ((<usize>i) << 3), best);
  }
  for (let i = 0; i < n; i++) {
    const at = (<usize>i) << 3;
    const y =
      i < period - 1 ? NaN : sign * max(load<f64>(scratch + at - ((<usize>(period - 1)) << 3)), load<f64>(out + at));
    store<f64>(out + at, y);
  }
}

/** Rolling maximum over `period` values; `scratch` holds n f64. */
export function rollingMax(src: usize, n: i32, period: i32, out: usize, scratch: usize): void {
  rollingExtreme(src, n, period, 1, out, scratch);
}

/** Rolling minimum over `period` values; `scratch` holds n f64. */
export function rollingMin(src: usize, n: i32, period: i32, out: usize, scratch: usize): void {
  rollingExtreme(src, n, period, -1, out, scratch);
}
