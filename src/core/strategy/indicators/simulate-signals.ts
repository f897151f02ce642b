import type { BarColumns } from "../../data/types.ts";
import type { ExitReason } from "../../engine/orders.ts";
import type { Lots, Money, Pips } from "../../units.ts";
import { checkColumns, checkNumber, type Span } from "./checks.ts";

/** Bid prices of each bar and its spread in points (BarColumns' fields). */
export type SimulationBars = Pick<BarColumns, "open" | "high" | "low" | "close" | "spread">;

/** Signals computed on each bar's close, 1 = set, 0 = not (Uint8Array, one byte per bar). */
export interface SimulationSignals {
  entryLong: Uint8Array;
  entryShort: Uint8Array;
  exit: Uint8Array;
}

/** The instrument and the run's costs and sizing. */
export interface SimulationParams {
  /** Price of one point (the spread column's unit), e.g. 0.00001 for EURUSD. */
  point: number;
  /** Price of one pip (SL/TP's unit), e.g. 0.0001 for EURUSD. */
  pipSize: number;
  /** Units of the base per lot, e.g. 100000. */
  contractSize: number;
  /** Fixed size of every trade. */
  lots: Lots;
  /** Commission per lot per side, in the quote currency (charged at entry and at exit). */
  commissionPerLot: Money;
  /** Stop-loss distance from the fill price; 0 for none. */
  slPips: Pips;
  /** Take-profit distance from the fill price; 0 for none. */
  tpPips: Pips;
  /** Equity before the first bar, in the quote currency. */
  initialBalance: Money;
}

/**
 * Trades as columns, with room for one per bar (the most there can be); the first `tradeCount`
 * rows are filled. P&L is net of commission, in the quote currency. `equity` has one value per bar.
 */
export interface SimulationOutput {
  tradeCount: number;
  entryIndex: Int32Array;
  exitIndex: Int32Array;
  /** 1 long, −1 short. */
  side: Int8Array;
  entryPrice: Float64Array;
  exitPrice: Float64Array;
  pnl: Float64Array;
  /** Index into SIMULATED_EXITS. */
  reason: Uint8Array;
  equity: Float64Array;
}

/** Exit reason codes of `SimulationOutput.reason`, named as the engine names them (code 0 is unused). */
export const SIMULATED_EXITS = [
  "",
  "signal",
  "reverse",
  "stop_loss",
  "take_profit",
  "end_of_test",
] as const satisfies readonly ("" | ExitReason)[];

const SIGNAL = 1;
const REVERSE = 2;
const STOP_LOSS = 3;
const TAKE_PROFIT = 4;
const END_OF_TEST = 5;

/** Output columns for `bars` bars. */
export function makeSimulationOutput(bars: number): SimulationOutput {
  return {
    tradeCount: 0,
    entryIndex: new Int32Array(bars),
    exitIndex: new Int32Array(bars),
    side: new Int8Array(bars),
    entryPrice: new Float64Array(bars),
    exitPrice: new Float64Array(bars),
    pnl: new Float64Array(bars),
    reason: new Uint8Array(bars),
    equity: new Float64Array(bars),
  };
}

/** A set of simulation columns, each only as a Span (so wasm columns are checked the same way). */
export type Spans<T> = { [K in keyof T]: Span };

/** Checks a simulation's parameters and columns (shared with the wasm kernel). */
export function checkSimulation(
  bars: Spans<SimulationBars>,
  signals: Spans<SimulationSignals>,
  params: SimulationParams,
  out: Spans<Omit<SimulationOutput, "tradeCount">>,
): void {
  const code = "SIMULATION_BAD_PARAM";
  checkNumber(params.point, "point", { above: 0 }, code);
  checkNumber(params.pipSize, "pipSize", { above: 0 }, code);
  checkNumber(params.contractSize, "contractSize", { above: 0 }, code);
  checkNumber(params.lots, "lots", { above: 0 }, code);
  checkNumber(params.commissionPerLot, "commissionPerLot", { atLeast: 0 }, code);
  checkNumber(params.slPips, "slPips", { atLeast: 0 }, code);
  checkNumber(params.tpPips, "tpPips", { atLeast: 0 }, code);
  checkNumber(params.initialBalance, "initialBalance", {}, code);
  const { open, high, low, close, spread } = bars;
  const { entryLong, entryShort, exit } = signals;
  const { entryIndex, exitIndex, side, entryPrice, exitPrice, pnl, reason, equity } = out;
  checkColumns(
    { open, high, low, close, spread, entryLong, entryShort, exit },
    { entryIndex, exitIndex, side, entryPrice, exitPrice, pnl, reason, equity },
  );
}

/**
 * Vectorised simulation of a signal-driven strategy over bars: one pass, no allocation, the
 * reference the wasm kernel `simulate` (wasm/assembly/simulate.ts) matches bit for bit, and the
 * rules the event-driven engine (core/engine) follows for the same strategy.
 *
 * - Prices: bar columns are bids; ask = bid + spread × point, with the bar's own spread.
 * - Signals are computed on bar i's close and act at bar i + 1's open; the last bar's signals
 *   never act. At that open: an `exit` closes the position and nothing opens; otherwise a lone
 *   entry (long without short, or short without long) opens that side, first closing an
 *   opposite position (a reversal); an entry on the side already held, or both entries at once,
 *   change nothing. One position at a time, `lots` fixed.
 * - Fills: longs buy at the ask and sell at the bid; shorts sell at the bid and buy back at the
 *   ask (MT5 bid/ask convention), so a round trip pays the spread.
 * - SL/TP: `slPips`/`tpPips` from the fill price (0: none), watched on the bid for a long and on
 *   the ask for a short, from the fill bar on. The price path inside a bar is open → low → high →
 *   close when close ≥ open and open → high → low → close otherwise (SPEC §5); the level the
 *   path reaches first fills, at its own price. A level already crossed at a bar's open (a gap)
 *   fills at the open; that includes a stop tighter than the spread on the fill bar itself.
 * - Costs: `commissionPerLot` × lots at entry and again at exit; P&L = side × (exit − entry) ×
 *   lots × contractSize − both commissions, in the quote currency. No swaps, no slippage.
 * - Equity per bar, at its close: balance + open P&L marked at the close (bid for a long, ask for
 *   a short) − the entry commission already paid.
 * - A position still open after the last bar closes at that bar's close (reason end_of_test), and
 *   the last equity value is then the final balance.
 */
export function simulateSignals(
  bars: SimulationBars,
  signals: SimulationSignals,
  params: SimulationParams,
  out = makeSimulationOutput(bars.open.length),
): SimulationOutput {
  checkSimulation(bars, signals, params, out);
  const { open, high, low, close, spread } = bars;
  const { entryLong, entryShort, exit } = signals;
  const { point, pipSize, lots, contractSize, commissionPerLot, slPips, tpPips } = params;
  const n = open.length;
  const units = lots * contractSize;
  const commission = commissionPerLot * lots;
  const roundTripCommission = 2 * commission;
  const slDistance = slPips > 0 ? slPips * pipSize : Number.POSITIVE_INFINITY;
  const tpDistance = tpPips > 0 ? tpPips * pipSize : Number.POSITIVE_INFINITY;
  const equity = out.equity;
  let balance = params.initialBalance;
  let count = 0;
  let side = 0;
  let entryIndex = 0;
  let entryPrice = 0;
  let sl = 0;
  let tp = 0;
  let c = 0;
  let sp = 0;
  for (let j = 0; j < n; j++) {
    const o = open[j];
    sp = spread[j] * point;
    // Bars without a signal, and bars that touch no level, are the common case: one test each.
    if (j > 0 && (entryLong[j - 1] | entryShort[j - 1] | exit[j - 1]) !== 0) {
      const wantsLong = entryLong[j - 1] !== 0;
      const wantsShort = entryShort[j - 1] !== 0;
      let target = side;
      if (exit[j - 1] !== 0) target = 0;
      else if (wantsLong !== wantsShort) target = wantsLong ? 1 : -1;
      if (target !== side) {
        if (side !== 0) {
          const price = side > 0 ? o : o + sp;
          const reason = target === 0 ? SIGNAL : REVERSE;
          balance += record(out, count++, entryIndex, j, side, entryPrice, price, units, roundTripCommission, reason);
        }
        side = target;
        if (side !== 0) {
          entryIndex = j;
          entryPrice = side > 0 ? o + sp : o;
          sl = entryPrice - side * slDistance;
          tp = entryPrice + side * tpDistance;
        }
      }
    }
    c = close[j];
    const h = high[j];
    const l = low[j];
    // A bar's range holds its open (low ≤ open ≤ high, checked when data is imported).
    if (side !== 0 && (side > 0 ? l <= sl || h >= tp : h + sp >= sl || l + sp <= tp)) {
      let price = Number.NaN;
      let reason = 0;
      if (side > 0) {
        if (o <= sl) {
          price = o;
          reason = STOP_LOSS;
        } else if (o >= tp) {
          price = o;
          reason = TAKE_PROFIT;
        } else if (c >= o) {
          if (l <= sl) {
            price = sl;
            reason = STOP_LOSS;
          } else if (h >= tp) {
            price = tp;
            reason = TAKE_PROFIT;
          }
        } else if (h >= tp) {
          price = tp;
          reason = TAKE_PROFIT;
        } else if (l <= sl) {
          price = sl;
          reason = STOP_LOSS;
        }
      } else {
        const oAsk = o + sp;
        if (oAsk >= sl) {
          price = oAsk;
          reason = STOP_LOSS;
        } else if (oAsk <= tp) {
          price = oAsk;
          reason = TAKE_PROFIT;
        } else if (c >= o) {
          if (l + sp <= tp) {
            price = tp;
            reason = TAKE_PROFIT;
          } else if (h + sp >= sl) {
            price = sl;
            reason = STOP_LOSS;
          }
        } else if (h + sp >= sl) {
          price = sl;
          reason = STOP_LOSS;
        } else if (l + sp <= tp) {
          price = tp;
          reason = TAKE_PROFIT;
        }
      }
      if (reason !== 0) {
        balance += record(out, count++, entryIndex, j, side, entryPrice, price, units, roundTripCommission, reason);
        side = 0;
      }
    }
    const mark = side > 0 ? c : c + sp;
    equity[j] = side === 0 ? balance : balance + side * (mark - entryPrice) * units - commission;
  }
  if (side !== 0) {
    const price = side > 0 ? c : c + sp;
    balance += record(
      out,
      count++,
      entryIndex,
      n - 1,
      side,
      entryPrice,
      price,
      units,
      roundTripCommission,
      END_OF_TEST,
    );
    equity[n - 1] = balance;
  }
  out.tradeCount = count;
  return out;
}

/** Writes trade number `k` and returns its P&L net of the round-trip commission. */
function record(
  out: SimulationOutput,
  k: number,
  entryIndex: number,
  exitIndex: number,
  side: number,
  entryPrice: number,
  exitPrice: number,
  units: number,
  roundTripCommission: number,
  reason: number,
): number {
  const pnl = side * (exitPrice - entryPrice) * units - roundTripCommission;
  out.entryIndex[k] = entryIndex;
  out.exitIndex[k] = exitIndex;
  out.side[k] = side;
  out.entryPrice[k] = entryPrice;
  out.exitPrice[k] = exitPrice;
  out.pnl[k] = pnl;
  out.reason[k] = reason;
  return pnl;
}
