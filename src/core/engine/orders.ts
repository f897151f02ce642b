import type { BarIndex, Lots, Money, Pips, UtcMs } from "../units.ts";

/** 1 = long/buy, -1 = short/sell. */
export type Side = 1 | -1;
export type OrderType = "market" | "limit" | "stop";

/**
 * Why a position (or part of one) can close: the one list (the result schema, share links and the
 * UI read it). Appended to, never reordered: a share link carries a reason as its index here.
 */
export const EXIT_REASONS = [
  "signal",
  "stop_loss",
  "take_profit",
  "trailing_stop",
  "reverse",
  "end_of_test",
  "stop_out",
  "kill_zone",
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

/**
 * What a strategy asks for. Prices are absolute; `slPips`/`tpPips` are distances from the fill
 * price (useful for market orders, whose fill price is not known yet). Omitted `lots` takes the
 * run's sizing rule.
 */
export interface OrderRequest {
  side: Side;
  type?: OrderType;
  lots?: Lots;
  /** Trigger price of a limit or stop order. */
  price?: number;
  sl?: number;
  tp?: number;
  slPips?: Pips;
  tpPips?: Pips;
  /** Trailing stop distance in pips: the stop follows the best price by this much. */
  trailingPips?: Pips;
  /** A pending order not filled by this instant is cancelled. */
  expiresAt?: UtcMs;
  comment?: string;
}

/** An accepted order waiting to fill. NaN marks an absent price level. */
export interface Order {
  id: number;
  side: Side;
  type: OrderType;
  /** NaN: size at fill time by the sizing rule. */
  lots: Lots;
  price: number;
  sl: number;
  tp: number;
  slPips: Pips;
  tpPips: Pips;
  trailingPips: Pips;
  expiresAt: UtcMs;
  placedAt: UtcMs;
  comment: string;
  /** For a closing order: the position it closes (-1: every position), and how much (NaN: all). */
  closes?: { positionId: number; lots: Lots; reason: ExitReason };
}

/** An open position. `best`/`worst` are the most favourable and adverse prices seen (for MFE/MAE). */
export interface Position {
  id: number;
  side: Side;
  lots: Lots;
  entryPrice: number;
  entryTime: UtcMs;
  entryIndex: BarIndex;
  sl: number;
  tp: number;
  /** Trailing distance in price units (NaN: none). */
  trail: number;
  commission: Money;
  swap: Money;
  /** Margin held, taken at the entry price (MT5 re-converts it at current rates; the difference is small). */
  margin: Money;
  best: number;
  worst: number;
  comment: string;
  /** The account's equity just before the fill: what a compounding sizing sized it on. */
  entryEquity: Money;
}

/** When and why an account was ruined: it can no longer trade (see `Broker.ruin`). */
export interface Ruin {
  time: UtcMs;
  /** Equity at that moment, in the account currency (may be below zero after a gap). */
  equity: Money;
  /** What happened, e.g. "equity fell to -12.40 USD". */
  reason: string;
}

/** A closed position, or the closed part of one. Money in the account currency. */
export interface Trade {
  id: number;
  positionId: number;
  side: "long" | "short";
  lots: Lots;
  entryTime: UtcMs;
  entryPrice: number;
  exitTime: UtcMs;
  exitPrice: number;
  entryIndex: BarIndex;
  exitIndex: BarIndex;
  /** Net P&L: gross − commission + swap (swap is signed: negative is a charge). */
  pnl: Money;
  grossPnl: Money;
  pips: Pips;
  commission: Money;
  swap: Money;
  /** Maximum adverse / favourable excursion while open, in pips (both ≥ 0). */
  mae: Pips;
  mfe: Pips;
  /** Stop loss and take profit when the trade closed (a trailing stop's last level), null if none. */
  sl: number | null;
  tp: number | null;
  /**
   * The account's equity just before the entry's fill, the base of the trade's return (Monte
   * Carlo); null where unknown (results saved before it was recorded, shared links).
   */
  entryEquity: Money | null;
  /** Primary trading session at entry (e.g. LONDON), or "" when not known. */
  session: string;
  exitReason: ExitReason;
  comment: string;
}
