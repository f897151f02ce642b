import type { Order } from "../../engine/orders.ts";
import type { StrategyContext, StrategyDefinition } from "../api.ts";
import type { ParamSpec } from "../params.ts";

const PARAMS: ParamSpec[] = [
  {
    name: "buffer_pips",
    label: "Buffer beyond the range (pips)",
    type: "float",
    default: 2,
    min: 0,
    max: 50,
    step: 0.5,
  },
  { name: "tp_ratio", label: "Target (× range)", type: "float", default: 1, min: 0.1, max: 10, step: 0.1 },
  {
    name: "min_range_pips",
    label: "Skip ranges narrower than (pips)",
    type: "float",
    default: 5,
    min: 0,
    max: 500,
    step: 1,
  },
  {
    name: "max_range_pips",
    label: "Skip ranges wider than (pips)",
    type: "float",
    default: 80,
    min: 1,
    max: 2000,
    step: 1,
  },
];

interface Window {
  id: string;
  name: string;
  description: string;
  /** Bars that build the range. */
  ranging(ctx: StrategyContext): boolean;
  /** When breakout orders may fill; leaving it cancels orders and closes positions. */
  trading(ctx: StrategyContext): boolean;
}

/**
 * A session-range breakout: record the high and low while `ranging`, then when `trading` starts
 * place a buy stop above the high and a sell stop below the low (one cancels the other), the stop
 * at the opposite side of the range and the target `tp_ratio` × range away; flat at the window's end.
 */
function sessionRangeBreakout(window: Window): StrategyDefinition {
  return {
    id: window.id,
    name: window.name,
    description: window.description,
    params: PARAMS,
    create(params) {
      const {
        buffer_pips: bufferPips,
        tp_ratio: tpRatio,
        min_range_pips: minPips,
        max_range_pips: maxPips,
      } = params as Record<string, number>;
      let state: "idle" | "ranging" | "armed" = "idle";
      let high = Number.NEGATIVE_INFINITY;
      let low = Number.POSITIVE_INFINITY;
      const pending: Order[] = [];
      const flatten = (ctx: StrategyContext, why: string) => {
        for (const order of pending.splice(0)) ctx.cancel(order.id);
        if (ctx.position.side !== 0) {
          ctx.log.info(`${why}: closing`);
          ctx.closePositions();
        }
        state = "idle";
      };
      return {
        onBar(ctx) {
          if (window.ranging(ctx)) {
            if (state !== "ranging") {
              if (state === "armed") flatten(ctx, "new range");
              state = "ranging";
              high = Number.NEGATIVE_INFINITY;
              low = Number.POSITIVE_INFINITY;
            }
            high = Math.max(high, ctx.high.get(0));
            low = Math.min(low, ctx.low.get(0));
            return;
          }
          const trading = window.trading(ctx);
          if (state === "ranging" && trading) {
            const width = (high - low) / ctx.instrument.pipSize;
            if (width < minPips || width > maxPips) {
              ctx.log.info(`range ${width.toFixed(1)} pips outside [${minPips}, ${maxPips}]: no trade today`);
              state = "idle";
              return;
            }
            const buffer = ctx.pips(bufferPips);
            const target = tpRatio * (high - low);
            ctx.log.info(
              `range ${low.toFixed(ctx.instrument.digits)}–${high.toFixed(ctx.instrument.digits)} (${width.toFixed(1)} pips): orders placed`,
            );
            const buy = ctx.order({
              side: 1,
              type: "stop",
              price: high + buffer,
              sl: low - buffer,
              tp: high + buffer + target,
            });
            const sell = ctx.order({
              side: -1,
              type: "stop",
              price: low - buffer,
              sl: high + buffer,
              tp: low - buffer - target,
            });
            for (const order of [buy, sell]) if (order) pending.push(order);
            state = "armed";
          } else if (state === "armed") {
            if (!trading) flatten(ctx, "trading window closed");
            else if (ctx.position.side !== 0 && pending.length > 0) {
              // One cancels the other: the filled side is no longer pending.
              for (const order of pending.splice(0)) if (ctx.pendingOrders.includes(order)) ctx.cancel(order.id);
            }
          }
        },
      };
    },
  };
}

/** London-open breakout: the range of the Asian morning before London opens, traded in London. */
export const londonBreakout = sessionRangeBreakout({
  id: "london_breakout",
  name: "London-open range breakout",
  description: "Range of the Asian session before London opens; stop orders either side during London.",
  ranging: (ctx) => ctx.inSession("ASIAN") && !ctx.inSession("LONDON"),
  trading: (ctx) => ctx.inSession("LONDON"),
});

/** Asian-range breakout: the whole Tokyo session's range, traded in London and New York. */
export const asianRangeBreakout = sessionRangeBreakout({
  id: "asian_range_breakout",
  name: "Asian-range breakout",
  description: "Range of the Tokyo session; stop orders either side until New York closes.",
  ranging: (ctx) => ctx.inSession("ASIAN"),
  trading: (ctx) => ctx.inSession("LONDON") || ctx.inSession("NEW_YORK"),
});
