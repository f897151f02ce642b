// Rolling-window statistics: population standard deviation, Bollinger bands, maximum, minimum.

/**
 * Rolling mean and population standard deviation by Welford's update, slid one value at a time
 * (remove the oldest, add the newest) so each step is O(1) and stays accurate for prices whose
 * variance is tiny next to their square. Writes the mean to `meanOut` unless it is 0.
 */
function welford(src: usize, n: i32, period: i32, meanOut: usize, sdOut: usize): void {
  const p = <f64>period;
  let mean = 0.0;
  let m2 = 0.0;
  let lastNan = -1;
  for (let i = 0; i < n; i++) {
    const at = (<usize>i) << 3;
    const x = load<f64>(src + at);
    let average = NaN;
    let sd = NaN;
    if (Number.isNaN(x)) {
      lastNan = i;
      mean = 0;
      m2 = 0;
    } else {
      const run = i - lastNan;
      if (run > period) {
        const oldest = load<f64>(src + ((<usize>(i - period)) << 3));
        const next = mean + (x - oldest) / p;
        m2 += (x - oldest) * (x - next + oldest - mean);
        mean = next;
      } else {
        const delta = x - mean;
        mean += delta / <f64>run;
        m2 += delta * (x - mean);
      }
      if (run >= period) {
        average = mean;
        sd = m2 > 0 ? Math.sqrt(m2 / p) : 0;
      }
    }
    if (meanOut !== 0) store<f64>(meanOut + at, average);
    store<f64>(sdOut + at, sd);
  }
}

/** Rolling population standard deviation (divides by `period`, like Bollinger and MT5's StdDev). */
export function rollingStdev(src: usize, n: i32, period: i32, out: usize): void {
  welford(src, n, period, 0, out);
}

/** Bollinger bands: rolling mean ± k population standard deviations. */
export function bollinger(src: usize, n: i32, period: i32, k: f64, middle: usize, upper: usize, lower: usize): void {
  welford(src, n, period, middle, upper);
  for (let i = 0; i < n; i++) {
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
