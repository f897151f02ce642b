import { PipscopeError } from "../../errors.ts";
import { indicators } from "../../kernels/index.ts";
import type { StrategyDefinition } from "../api.ts";
import type { Series } from "../series.ts";

/**
 * Moving-average cross, always in the market: long when the fast average crosses above the slow
 * one, short when it crosses below; each cross closes the previous position (with `long_only`
 * the short side only closes). The classic first strategy of every backtester.
 */
export const maCross: StrategyDefinition = {
  id: "ma_cross",
  name: "Moving-average cross",
  description: "Long when the fast MA crosses above the slow MA, short when below; always in the market.",
  params: [
    { name: "fast", label: "Fast period", type: "int", default: 10, min: 1, max: 500, step: 1 },
    { name: "slow", label: "Slow period", type: "int", default: 30, min: 2, max: 1000, step: 1 },
    { name: "kind", label: "Average", type: "enum", default: "SMA", options: ["SMA", "EMA"] },
    { name: "long_only", label: "Long only", type: "bool", default: false },
  ],
  create(params) {
    const fastPeriod = params.fast as number;
    const slowPeriod = params.slow as number;
    if (fastPeriod >= slowPeriod) {
      throw new PipscopeError(
        "STRATEGY_BAD_PARAM",
        `ma_cross: fast (${fastPeriod}) must be less than slow (${slowPeriod})`,
        {
          path: "$.strategy.parameters.fast",
        },
      );
    }
    const exponential = params.kind === "EMA";
    const longOnly = params.long_only as boolean;
    let cross: Series;
    return {
      init(ctx) {
        const { close } = ctx.bars;
        const compute = indicators();
        const average = (period: number) => (exponential ? compute.ema(close, period) : compute.sma(close, period));
        const signals = compute.crossovers(average(fastPeriod), average(slowPeriod));
        cross = ctx.series(Float64Array.from(signals));
      },
      onBar(ctx) {
        const signal = cross.get(0);
        if (signal === 1) {
          if (ctx.position.side === -1) ctx.closePositions();
          ctx.buy();
        } else if (signal === -1) {
          if (ctx.position.side === 1) ctx.closePositions();
          if (!longOnly) ctx.sell();
        }
      },
    };
  },
};
