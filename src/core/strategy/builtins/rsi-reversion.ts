import { indicators } from "../../kernels/index.ts";
import type { StrategyDefinition } from "../api.ts";
import type { Series } from "../series.ts";

/**
 * RSI mean reversion: buy when RSI crosses back up through `lower` (oversold), sell short when it
 * crosses back down through `upper`; exit when RSI reaches `exit_level`. Optional stop and target.
 */
export const rsiReversion: StrategyDefinition = {
  id: "rsi_reversion",
  name: "RSI mean reversion",
  description: "Fade oversold/overbought RSI; exit at the middle level.",
  params: [
    { name: "period", label: "RSI period", type: "int", default: 14, min: 2, max: 200, step: 1 },
    { name: "lower", label: "Oversold", type: "float", default: 30, min: 1, max: 50, step: 1 },
    { name: "upper", label: "Overbought", type: "float", default: 70, min: 50, max: 99, step: 1 },
    { name: "exit_level", label: "Exit level", type: "float", default: 50, min: 1, max: 99, step: 1 },
    { name: "sl_pips", label: "Stop loss (pips, 0 = none)", type: "float", default: 0, min: 0, max: 1000, step: 1 },
    { name: "tp_pips", label: "Take profit (pips, 0 = none)", type: "float", default: 0, min: 0, max: 1000, step: 1 },
  ],
  create(params) {
    const {
      period,
      lower,
      upper,
      exit_level: exitLevel,
      sl_pips: slPips,
      tp_pips: tpPips,
    } = params as Record<string, number>;
    const stops = { slPips: slPips || undefined, tpPips: tpPips || undefined };
    let value: Series;
    return {
      init(ctx) {
        value = ctx.series(indicators().rsi(ctx.bars.close, period));
      },
      onBar(ctx) {
        const now = value.get(0);
        const before = value.get(1);
        const side = ctx.position.side;
        if (side === 1 && now >= exitLevel) ctx.closePositions();
        else if (side === -1 && now <= exitLevel) ctx.closePositions();
        else if (side === 0 && before < lower && now >= lower) {
          ctx.log.info(`RSI ${now.toFixed(1)} back above ${lower}: buy`);
          ctx.buy(stops);
        } else if (side === 0 && before > upper && now <= upper) {
          ctx.log.info(`RSI ${now.toFixed(1)} back below ${upper}: sell`);
          ctx.sell(stops);
        }
      },
    };
  },
};
