// Moving averages. Every kernel reads `n` f64 values at `src` and writes `n` at `out` (byte
// addresses in this module's memory; `out` may equal `src` only where noted). The TypeScript twins
// in src/core/strategy/indicators/ do the same floating-point operations in the same order, so
// their outputs are bit-identical; read the warm-up and NaN conventions there.

/** Simple moving average; NaN until `period` numbers follow the last NaN. */
export function sma(src: usize, n: i32, period: i32, out: usize): void {
  const p = <f64>period;
  let sum = 0.0;
  let lastNan = -1;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(src + ((<usize>i) << 3));
    let y = NaN;
    if (Number.isNaN(x)) {
      lastNan = i;
      sum = 0;
    } else {
      sum += x;
      const run = i - lastNan;
      if (run > period) sum -= load<f64>(src + ((<usize>(i - period)) << 3));
      if (run >= period) y = sum / p;
    }
    store<f64>(out + ((<usize>i) << 3), y);
  }
}

/** Linearly weighted moving average, weights 1 (oldest) … period (newest). */
export function wma(src: usize, n: i32, period: i32, out: usize): void {
  const p = <f64>period;
  const weights = (p * (p + 1)) / 2;
  let sum = 0.0;
  let weighted = 0.0;
  let lastNan = -1;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(src + ((<usize>i) << 3));
    let y = NaN;
    if (Number.isNaN(x)) {
      lastNan = i;
      sum = 0;
      weighted = 0;
    } else {
      const run = i - lastNan;
      if (run > period) {
        weighted += p * x - sum;
        sum += x - load<f64>(src + ((<usize>(i - period)) << 3));
      } else {
        weighted += <f64>run * x;
        sum += x;
      }
      if (run >= period) y = weighted / weights;
    }
    store<f64>(out + ((<usize>i) << 3), y);
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
