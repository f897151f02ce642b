// Moving averages. Every kernel reads `n` f64 values at `src` and writes `n` at `out` (byte
// addresses in this module's memory, not overlapping). The TypeScript twins in
// src/core/strategy/indicators/ are the reference for semantics, warm-up and NaN handling; a
// kernel matches its twin bit for bit unless its doc says it sums in another order.

import { fillNaN, nextNan, restartEvery } from "./runs";

/**
 * Simple moving average. Per NaN-free run and per block between restarts: the window summed
 * afresh in order, as the twin does; then the window sums ending at i and i + 1 advance together
 * in one f64x2 (s[i] = s[i − 2] + x[i] + x[i − 1] − x[i − p] − x[i − p − 1]): one dependent add
 * per two values instead of two per value. Differs from the twin by rounding only.
 */
export function sma(src: usize, n: i32, period: i32, out: usize): void {
  const p = <f64>period;
  const divisor = f64x2.splat(p);
  const restart = restartEvery(period);
  let start = 0;
  while (start < n) {
    const end = nextNan(src, start, n);
    const first = start + period - 1;
    fillNaN(out, start, min(first, end));
    for (let anchor = first; anchor < end; anchor += restart) {
      let sum = 0.0;
      for (let j = anchor - period + 1; j <= anchor; j++) sum += load<f64>(src + ((<usize>j) << 3));
      store<f64>(out + ((<usize>anchor) << 3), sum / p);
      const stop = min(anchor + restart, end);
      let i = anchor + 1;
      if (i >= stop) continue;
      const previous = sum;
      sum += load<f64>(src + ((<usize>i) << 3));
      sum -= load<f64>(src + ((<usize>(i - period)) << 3));
      store<f64>(out + ((<usize>i) << 3), sum / p);
      let sums = f64x2.replace_lane(f64x2.splat(previous), 1, sum);
      for (i++; i + 1 < stop; i += 2) {
        const at = src + ((<usize>i) << 3);
        const gone = src + ((<usize>(i - period)) << 3);
        const added = f64x2.add(v128.load(at), v128.load(at - 8));
        const removed = f64x2.add(v128.load(gone), v128.load(gone - 8));
        sums = f64x2.add(sums, f64x2.sub(added, removed));
        v128.store(out + ((<usize>i) << 3), f64x2.div(sums, divisor));
      }
      sum = f64x2.extract_lane(sums, 1);
      for (; i < stop; i++) {
        sum += load<f64>(src + ((<usize>i) << 3));
        sum -= load<f64>(src + ((<usize>(i - period)) << 3));
        store<f64>(out + ((<usize>i) << 3), sum / p);
      }
    }
    if (end < n) store<f64>(out + ((<usize>end) << 3), NaN);
    start = end + 1;
  }
}

/**
 * Linearly weighted moving average, weights 1 (oldest) … period (newest). Per NaN-free run and
 * per block between restarts: the window summed afresh, as the twin does; then two windows per
 * f64x2 step, from the twin's recurrences W[i] = W[i − 1] + p·x[i] − S[i − 1] and
 * S[i] = S[i − 1] + x[i] − x[i − p] taken two at a time:
 * W[i] = W[i − 2] + p·(x[i] + x[i − 1]) − x[i − 1] + x[i − p − 1] − 2·S[i − 2].
 */
export function wma(src: usize, n: i32, period: i32, out: usize): void {
  const p = <f64>period;
  const weights = (p * (p + 1)) / 2;
  const restart = restartEvery(period);
  const pp = f64x2.splat(p);
  const divisor = f64x2.splat(weights);
  let start = 0;
  while (start < n) {
    const end = nextNan(src, start, n);
    const first = start + period - 1;
    fillNaN(out, start, min(first, end));
    for (let anchor = first; anchor < end; anchor += restart) {
      let sum = 0.0;
      let weighted = 0.0;
      for (let j = 1; j <= period; j++) {
        const x = load<f64>(src + ((<usize>(anchor - period + j)) << 3));
        weighted += <f64>j * x;
        sum += x;
      }
      store<f64>(out + ((<usize>anchor) << 3), weighted / weights);
      const stop = min(anchor + restart, end);
      let i = anchor + 1;
      if (i >= stop) continue;
      const x = load<f64>(src + ((<usize>i) << 3));
      let sums = f64x2.replace_lane(f64x2.splat(sum), 1, sum + (x - load<f64>(src + ((<usize>(i - period)) << 3))));
      let totals = f64x2.replace_lane(f64x2.splat(weighted), 1, weighted + (p * x - sum));
      store<f64>(out + ((<usize>i) << 3), f64x2.extract_lane(totals, 1) / weights);
      for (i++; i + 1 < stop; i += 2) {
        const at = src + ((<usize>i) << 3);
        const gone = src + ((<usize>(i - period)) << 3);
        const before = v128.load(at - 8);
        const goneBefore = v128.load(gone - 8);
        const added = f64x2.add(v128.load(at), before);
        const step = f64x2.add(f64x2.sub(f64x2.mul(pp, added), before), goneBefore);
        totals = f64x2.add(totals, f64x2.sub(step, f64x2.add(sums, sums)));
        sums = f64x2.add(sums, f64x2.sub(added, f64x2.add(v128.load(gone), goneBefore)));
        v128.store(out + ((<usize>i) << 3), f64x2.div(totals, divisor));
      }
      sum = f64x2.extract_lane(sums, 1);
      weighted = f64x2.extract_lane(totals, 1);
      for (; i < stop; i++) {
        const value = load<f64>(src + ((<usize>i) << 3));
        weighted += p * value - sum;
        sum += value - load<f64>(src + ((<usize>(i - period)) << 3));
        store<f64>(out + ((<usize>i) << 3), weighted / weights);
      }
    }
    if (end < n) store<f64>(out + ((<usize>end) << 3), NaN);
    start = end + 1;
  }
}

/** Exponential moving average, α = 2 / (period + 1), seeded with the SMA of its first window. */
export function ema(src: usize, n: i32, period: i32, out: usize): void {
  const alpha = 2 / (<f64>period + 1);
  let value = 0.0;
  let lastNan = -1;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(src + ((<usize>i) << 3));
    let y = NaN;
    if (Number.isNaN(x)) {
      lastNan = i;
      value = 0;
    } else {
      const run = i - lastNan;
      if (run > period) {
        value += alpha * (x - value);
        y = value;
      } else {
        value += x;
        if (run === period) {
          value /= <f64>period;
          y = value;
        }
      }
    }
    store<f64>(out + ((<usize>i) << 3), y);
  }
}
