// Helpers of the sliding-window kernels: NaN-free runs (so inner loops test nothing per value), restarts.

/** Index of the first NaN in src[from, n), or n: two values per SIMD compare. */
export function nextNan(src: usize, from: i32, n: i32): i32 {
  let i = from;
  for (; i + 1 < n; i += 2) {
    const pair = v128.load(src + ((<usize>i) << 3));
    if (v128.any_true(f64x2.ne(pair, pair))) return Number.isNaN(load<f64>(src + ((<usize>i) << 3))) ? i : i + 1;
  }
  if (i < n && Number.isNaN(load<f64>(src + ((<usize>i) << 3)))) return i;
  return n;
}

/** Writes NaN to out[from, to). */
export function fillNaN(out: usize, from: i32, to: i32): void {
  for (let i = from; i < to; i++) store<f64>(out + ((<usize>i) << 3), NaN);
}

/** How often a sliding sum starts afresh: the twins' restartEvery (core/strategy/indicators/sliding.ts). */
export function restartEvery(period: i32): i32 {
  return max(64, 16 * period);
}
