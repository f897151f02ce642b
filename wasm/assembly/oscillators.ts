// Wilder-smoothed oscillators (α = 1/period): recursive, so each value depends on the one before.

/** Relative Strength Index over `period` changes; 50 when the window has neither gain nor loss. */
export function rsi(src: usize, n: i32, period: i32, out: usize): void {
  const p = <f64>period;
  let gain = 0.0;
  let loss = 0.0;
  let previous = 0.0;
  let lastNan = -1;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(src + ((<usize>i) << 3));
    let y = NaN;
    if (Number.isNaN(x)) {
      lastNan = i;
      gain = 0;
      loss = 0;
    } else {
      const changes = i - lastNan - 1;
      if (changes > 0) {
        const change = x - previous;
        const up = change > 0 ? change : 0;
        const down = change < 0 ? -change : 0;
        if (changes > period) {
          gain = (gain * (p - 1) + up) / p;
          loss = (loss * (p - 1) + down) / p;
        } else {
          gain += up / p;
          loss += down / p;
        }
        if (changes >= period) y = loss !== 0 ? 100 - 100 / (1 + gain / loss) : gain !== 0 ? 100 : 50;
      }
      previous = x;
    }
    store<f64>(out + ((<usize>i) << 3), y);
  }
}

/** Average True Range; the true range of a run's first bar is its high − low. */
export function atr(high: usize, low: usize, close: usize, n: i32, period: i32, out: usize): void {
  const p = <f64>period;
  let value = 0.0;
  let previousClose = 0.0;
  let lastNan = -1;
  for (let i = 0; i < n; i++) {
    const at = (<usize>i) << 3;
    const h = load<f64>(high + at);
    const l = load<f64>(low + at);
    const c = load<f64>(close + at);
    let y = NaN;
    if (Number.isNaN(h) || Number.isNaN(l) || Number.isNaN(c)) {
      lastNan = i;
      value = 0;
    } else {
      const run = i - lastNan;
      let range = h - l;
      if (run > 1) range = max(range, max(abs(h - previousClose), abs(l - previousClose)));
      if (run > period) {
        value = (value * (p - 1) + range) / p;
        y = value;
      } else {
        value += range / p;
        if (run === period) y = value;
      }
      previousClose = c;
    }
    store<f64>(out + ((<usize>i) << 3), y);
  }
}
