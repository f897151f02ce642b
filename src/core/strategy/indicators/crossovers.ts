/**
 * Crossover signals of two series: +1 on the bar where `a` crosses above `b` (a[i−1] ≤ b[i−1] and
 * a[i] > b[i]), −1 where it crosses below, 0 otherwise (and where either side is NaN). Computed
 * once in `init`, so the per-bar check is one read.
 */
export function crossovers(a: Float64Array, b: Float64Array, out = new Int8Array(a.length)): Int8Array {
  out[0] = 0;
  for (let i = 1; i < a.length; i++) {
    const before = a[i - 1] - b[i - 1];
    const now = a[i] - b[i];
    out[i] = before <= 0 && now > 0 ? 1 : before >= 0 && now < 0 ? -1 : 0;
  }
  return out;
}
