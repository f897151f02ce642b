import type { Instrument } from "../data/types.ts";
import type { Lots, Money } from "../units.ts";
import type { Position } from "./orders.ts";

/** What margin and swaps are computed from: the instrument, the account's leverage, the currency conversion. */
export interface MarginRules {
  instrument: Instrument;
  leverage: number;
  toAccount: (amount: number, price: number) => Money;
}

/** Margin `lots` take at `price`, in the account currency: the notional × the margin rate ÷ the leverage. */
export function marginFor(rules: MarginRules, lots: Lots, price: number): Money {
  const { instrument } = rules;
  return rules.toAccount(lots * instrument.contractSize * price, price) * (instrument.marginRate / rules.leverage);
}

/**
 * A day's swap of a position, in the account currency (signed: negative is a charge): in points
 * of the quote currency per lot, converted at `bid`, or in money per lot.
 */
export function dailySwap(rules: MarginRules, p: Position, bid: number): Money {
  const { instrument } = rules;
  const rate = p.side === 1 ? instrument.swapLong : instrument.swapShort;
  if (rate === 0) return 0;
  return instrument.swapMode === "points"
    ? rules.toAccount(rate * instrument.point * instrument.contractSize * p.lots, bid)
    : rate * p.lots;
}

/** The open position a stop-out closes first: the largest loser (MT5's order), by `floatingOf`. */
export function largestLoser(positions: readonly Position[], floatingOf: (p: Position) => Money): Position {
  let worst = positions[0];
  for (const p of positions) if (floatingOf(p) < floatingOf(worst)) worst = p;
  return worst;
}
