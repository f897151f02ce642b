import { indicators } from "../../kernels/index.ts";
import type { StrategyDefinition } from "../api.ts";
import type { Series } from "../series.ts";

/**
 * Bollinger breakout: buy when the close breaks above the upper band, sell short below the lower
 * band; exit when the close crosses back over the middle band. Optional stop in pips.
 */
export const bollingerBreakout: StrategyDefinition = {
  id: "bollinger_breakout",
  name: "Bollinger breakout",
  description: "Trade closes outside the bands; exit at the middle band.",
  params: [
    { name: "period", label: "Period", type: "int", default: 20, min: 2, max: 500, step: 1 },
    { name: "k", label: "Width (σ)", type: "float", default: 2, min: 0.5, max: 5, step: 0.1 },
    { name: "sl_pips", label: "Stop loss (pips, 0 = none)", type: "float", default: 0, min: 0, max: 1000, step: 1 },
  ],
  create(params) {
    const period = params.period as number;
    const k = params.k as number;
    const slPips = (params.sl_pips as number) || undefined;
    let upper: Series;
    let middle: Series;
    let lower: Series;
    return {
      init(ctx) {
        const bands = indicators().bollinger(ctx.bars.close, period, k);
        upper = ctx.series(bands.upper);
        middle = ctx.series(bands.middle);
        lower = ctx.series(bands.lower);
      },
      onBar(ctx) {
        const close = ctx.close.get(0);
        const side = ctx.position.side;
        if (side === 1 && close < middle.get(0)) ctx.closePositions();
        else if (side === -1 && close > middle.get(0)) ctx.closePositions();
        else if (side === 0 && close > upper.get(0) && ctx.close.get(1) <= upper.get(1)) ctx.buy({ slPips });
        else if (side === 0 && close < lower.get(0) && ctx.close.get(1) >= lower.get(1)) ctx.sell({ slPips });
      },
    };
  },
};
