/** A curve for charts: times (UTC ms) and values, at most a few thousand points. */
export interface Curve {
  time: number[];
  equity: number[];
  balance: number[];
  /** Drawdown from the running peak of equity, in % (≤ 0). */
  drawdown_pct: number[];
}

/**
 * Reduces per-bar equity to at most `maxPoints` points for charts, keeping each bucket's lowest
 * and highest equity (in time order) so drawdowns stay visible. The drawdown is computed on the
 * full-resolution curve first, so its depth is exact.
 */
export function downsampleCurve(
  time: Float64Array,
  equity: Float64Array,
  balance: Float64Array,
  initial: number,
  maxPoints = 2000,
): Curve {
  const n = time.length;
  const out: Curve = { time: [], equity: [], balance: [], drawdown_pct: [] };
  if (n === 0) return out;
  const dd = new Float64Array(n);
  let peak = initial;
  for (let i = 0; i < n; i++) {
    peak = Math.max(peak, equity[i]);
    dd[i] = ((equity[i] - peak) / peak) * 100;
  }
  const push = (i: number) => {
    out.time.push(time[i]);
    out.equity.push(equity[i]);
    out.balance.push(balance[i]);
    out.drawdown_pct.push(dd[i]);
  };
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const size = Math.ceil(n / buckets);
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (equity[i] < equity[lo]) lo = i;
      if (equity[i] > equity[hi]) hi = i;
    }
    if (size <= 2 || lo === hi) {
      for (let i = start; i < end; i++) push(i);
    } else {
      push(Math.min(lo, hi));
      push(Math.max(lo, hi));
    }
  }
  if (out.time[out.time.length - 1] !== time[n - 1]) push(n - 1);
  return out;
}

/**
 * Largest-Triangle-Three-Buckets downsampling (Sveinn Steinarsson, 2013): keeps the first and
 * last points and, per bucket, the point forming the largest triangle with its neighbours, so
 * peaks and troughs survive. Returns the kept indexes; all of them when n ≤ threshold.
 */
export function lttb(x: ArrayLike<number>, y: ArrayLike<number>, threshold: number): number[] {
  const n = x.length;
  if (threshold >= n || threshold < 3) return Array.from({ length: n }, (_, i) => i);
  const kept = [0];
  const size = (n - 2) / (threshold - 2);
  let a = 0;
  for (let b = 0; b < threshold - 2; b++) {
    const start = Math.floor(b * size) + 1;
    const end = Math.min(n - 1, Math.floor((b + 1) * size) + 1);
    const nextEnd = Math.min(n, Math.floor((b + 2) * size) + 1);
    let avgX = 0;
    let avgY = 0;
    for (let i = end; i < nextEnd; i++) {
      avgX += x[i];
      avgY += y[i];
    }
    const count = Math.max(1, nextEnd - end);
    avgX /= count;
    avgY /= count;
    let best = start;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      const area = Math.abs((x[a] - avgX) * (y[i] - y[a]) - (x[a] - x[i]) * (avgY - y[a]));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    kept.push(best);
    a = best;
  }
  kept.push(n - 1);
  return kept;
}
