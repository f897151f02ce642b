import type { ParamValues } from "../../strategy/params.ts";
import type { Trade } from "../orders.ts";
import { SWEEP_METRICS, type SweepMetrics } from "./objective.ts";

/** Whether two runs of one combination agree, with the first difference when they do not. */
export interface Parity {
  agree: boolean;
  /** The combination compared. */
  params: ParamValues;
  /** Trades compared (the engine's count). */
  trades: number;
  /** "1,234 trades and every sweep metric equal", or the first difference. */
  detail: string;
}

/**
 * Money and metrics may differ in the last bits: the simulator multiplies lots × contract size
 * before the price move, the engine after (or sums in another order). Indices, sides and fill
 * prices must be equal.
 */
const RELATIVE = 1e-9;

const close = (a: number, b: number) => Math.abs(a - b) <= RELATIVE * Math.max(1, Math.abs(a), Math.abs(b));

/** Compares the engine's trades and metrics with the simulator's, trade for trade. */
export function compareRuns(
  params: ParamValues,
  engine: { trades: readonly Trade[]; metrics: SweepMetrics },
  simulated: { trades: readonly Trade[]; metrics: SweepMetrics },
): Parity {
  const trades = engine.trades.length;
  const differ = (detail: string): Parity => ({ agree: false, params, trades, detail });
  if (simulated.trades.length !== trades)
    return differ(`the engine made ${trades} trades, the simulator ${simulated.trades.length}`);
  for (let t = 0; t < trades; t++) {
    const a = engine.trades[t];
    const b = simulated.trades[t];
    const fields = [
      ["side", a.side === b.side],
      ["entry bar", a.entryIndex === b.entryIndex],
      ["exit bar", a.exitIndex === b.exitIndex],
      ["entry price", a.entryPrice === b.entryPrice],
      ["exit price", a.exitPrice === b.exitPrice],
      ["P&L", close(a.pnl, b.pnl)],
      ["swap", close(a.swap, b.swap)],
    ] as const;
    const wrong = fields.find(([, same]) => !same);
    if (wrong) {
      const [name] = wrong;
      const show = (trade: Trade) =>
        `${trade.side} ${trade.entryIndex}→${trade.exitIndex} @ ${trade.entryPrice}→${trade.exitPrice}, P&L ${trade.pnl}, swap ${trade.swap}`;
      return differ(`trade ${t + 1}: ${name} differs (engine ${show(a)}; simulator ${show(b)})`);
    }
  }
  for (const name of SWEEP_METRICS) {
    const a = engine.metrics[name];
    const b = simulated.metrics[name];
    if (a === null || b === null ? a !== b : !close(a, b))
      return differ(`${name} differs: engine ${a}, simulator ${b}`);
  }
  return { agree: true, params, trades, detail: `${trades.toLocaleString("en")} trades and every sweep metric equal` };
}
