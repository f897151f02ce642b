import type { SimulationSignals } from "../../strategy/indicators/index.ts";

/**
 * ma_cross (core/strategy/builtins/ma-cross.ts) as simulator signals: a cross up buys (after
 * closing a short), a cross down sells (after closing a long) or, with `long_only`, only closes.
 * `cross` covers every loaded row (warm-up included), as the strategy's `init` computes it; the
 * signals cover the tested rows from `start`, where the engine starts calling `onBar`.
 *
 * Returns false when the engine would stack positions: the strategy buys on every cross up
 * without asking whether it is already long, and a tie (fast = slow for a bar) can produce two
 * crosses up in a row. The engine then holds two longs; the simulator holds one position at a
 * time, so such a combination must run in the engine. The last bar's signal never fills.
 */
export function maCrossSignals(cross: Int8Array, start: number, longOnly: boolean, out: SimulationSignals): boolean {
  const { entryLong, entryShort, exit } = out;
  entryLong.fill(0);
  entryShort.fill(0);
  exit.fill(0);
  const last = cross.length - 1;
  let held = 0;
  let stacked = false;
  // Crosses are rare (a few per hundred bars): one read per bar, writes only where one fires.
  for (let i = start; i <= last; i++) {
    const c = cross[i];
    if (c === 0) continue;
    const j = i - start;
    if (c === 1) {
      entryLong[j] = 1;
      if (held === 1 && i < last) stacked = true;
      held = 1;
    } else if (longOnly) {
      exit[j] = 1;
      held = 0;
    } else {
      entryShort[j] = 1;
      if (held === -1 && i < last) stacked = true;
      held = -1;
    }
  }
  return !stacked;
}
