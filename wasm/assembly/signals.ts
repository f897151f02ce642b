// Signal arrays: crossovers of two series, and signals kept only inside chosen sessions.

/**
 * Crossovers of `a` over `b` as i8: +1 where a − b goes from ≤ 0 to > 0, −1 where it goes from
 * ≥ 0 to < 0, 0 elsewhere (always at index 0, and wherever either side is NaN).
 */
export function crossovers(a: usize, b: usize, n: i32, out: usize): void {
  if (n <= 0) return;
  store<i8>(out, 0);
  let before = load<f64>(a) - load<f64>(b);
  for (let i = 1; i < n; i++) {
    const at = (<usize>i) << 3;
    const now = load<f64>(a + at) - load<f64>(b + at);
    store<i8>(out + i, before <= 0 && now > 0 ? 1 : before >= 0 && now < 0 ? -1 : 0);
    before = now;
  }
}

/**
 * Keeps a signal byte where the bar's session bits intersect `sessions`, else writes 0:
 * out[i] = (mask[i] & sessions) !== 0 ? signal[i] : 0. SIMD, 16 bars per step.
 */
export function applySessionMask(signal: usize, mask: usize, n: i32, sessions: i32, out: usize): void {
  const bits = i8x16.splat(<i8>sessions);
  const zero = i8x16.splat(0);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const inSession = i8x16.ne(v128.and(v128.load(mask + i), bits), zero);
    v128.store(out + i, v128.and(v128.load(signal + i), inSession));
  }
  for (; i < n; i++) store<u8>(out + i, (load<u8>(mask + i) & sessions) !== 0 ? load<u8>(signal + i) : 0);
}
