/**
 * Now as UTC epoch ms with a sub-millisecond fraction: the monotonic clock anchored at process
 * start, so intervals between two readings are exact to microseconds (Date.now() is whole ms).
 * Tick receive stamps use it, so added latency can be measured across processes on one machine.
 */
export function nowMsc(): number {
  return performance.timeOrigin + performance.now();
}
