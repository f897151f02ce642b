import { indicators } from "../../kernels/index.ts";
import type { StrategyDefinition } from "../api.ts";
import type { Series } from "../series.ts";

/**
 * A tick-mode scalper: when a fast EMA of the bid crosses a slow one and the spread is tight,
 * enter with a small fixed stop and target. One position at a time.
 */
export const tickMomentum: StrategyDefinition = {
  id: "tick_momentum",
  name: "Tick momentum scalper",
  description: "Fast/slow EMA of ticks, tight stop and target, only when the spread is small (tick mode).",
  params: [
    { name: "fast", label: "Fast EMA (ticks)", type: "int", default: 50, min: 2, max: 10_000, step: 1 },
    { name: "slow", label: "Slow EMA (ticks)", type: "int", default: 300, min: 3, max: 100_000, step: 1 },
    { name: "sl_pips", label: "Stop loss (pips)", type: "float", default: 4, min: 0.5, max: 100, step: 0.5 },
    { name: "tp_pips", label: "Take profit (pips)", type: "float", default: 4, min: 0.5, max: 100, step: 0.5 },
    { name: "max_spread_pips", label: "Max spread (pips)", type: "float", default: 1.5, min: 0, max: 50, step: 0.1 },
  ],
  create(params) {
    const {
      fast: fastPeriod,
      slow: slowPeriod,
      sl_pips: slPips,
      tp_pips: tpPips,
      max_spread_pips: maxSpread,
    } = params as Record<string, number>;
    let fast: Series;
    let slow: Series;
    return {
      init(ctx) {
        fast = ctx.series(indicators().ema(ctx.bars.close, fastPeriod));
        slow = ctx.series(indicators().ema(ctx.bars.close, slowPeriod));
      },
      onTick(ctx) {
        if (ctx.position.side !== 0 || ctx.ask - ctx.bid > ctx.pips(maxSpread)) return;
        if (fast.crossedAbove(slow)) ctx.buy({ slPips, tpPips });
        else if (fast.crossedBelow(slow)) ctx.sell({ slPips, tpPips });
      },
    };
  },
};
