import { checkColumns } from "./checks.ts";

/**
 * Crossover signals of two series: +1 on the bar where `a` crosses above `b` (a − b goes from
 * ≤ 0 to > 0), −1 where it crosses below (from ≥ 0 to < 0), 0 otherwise — always at index 0, and
 * wherever either side is NaN, so nothing fires during warm-up. Computed once in `init`, so the
 * per-bar check is one read. Twin of `crossovers` in wasm/assembly/signals.ts.
 */
export function crossovers(a: Float64Array, b: Float64Array, out: Int8Array = new Int8Array(a.length)): Int8Array {
  checkColumns({ a, b }, { out });
  if (a.length === 0) return out;
  out[0] = 0;
  let before = a[0] - b[0];
  for (let i = 1; i < a.length; i++) {
    const now = a[i] - b[i];
    out[i] = before <= 0 && now > 0 ? 1 : before >= 0 && now < 0 ? -1 : 0;
    before = now;
  }
  return out;
}
