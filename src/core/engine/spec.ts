import type { Lots, Money, Pips, Points } from "../units.ts";

/**
 * How positions combine. `hedging`: every fill opens its own position (MT5 hedging accounts).
 * `netting`: one position per symbol; an opposite fill reduces, closes or reverses it.
 */
export type AccountMode = "hedging" | "netting";

/** The simulated trading account. */
export interface AccountSpec {
  /** ISO currency of the account, e.g. "USD". */
  currency: string;
  initialBalance: Money;
  /** Account leverage, e.g. 100 for 1:100. Divides the instrument's margin rate. */
  leverage: number;
  mode: AccountMode;
  /** Margin level (equity / margin, %) under which a margin-call warning is logged. Default 100. */
  marginCallLevel: number;
  /** Margin level (%) under which the biggest loser is closed until it recovers. Default 50. */
  stopOutLevel: number;
}

/** Commission per lot per side in money, or a percentage of the notional per side. */
export type CommissionSpec = { mode: "per_lot"; perLotPerSide: Money } | { mode: "percent"; percent: number };

/**
 * Trading costs. Bars hold bid prices; the ask is bid + spread. `spread: "bar"` uses each bar's
 * spread column (points, as MT5 exports it); a number is a fixed spread in points.
 */
export interface CostSpec {
  spread: "bar" | Points;
  /** Added to whatever spread applies, in points (to stress-test a strategy). */
  extraSpread: Points;
  /** Slippage against the trader on market and stop fills (not limits), in points. */
  slippage: Points;
  commission: CommissionSpec;
  /** Charge swaps at the 17:00 New York rollover (triple on Wednesday). */
  swaps: boolean;
}

/**
 * Default position size for orders that do not state one:
 * - `fixed`: a fixed number of lots;
 * - `risk`: lots such that hitting the stop loses `percent` of equity (needs a stop);
 * - `fraction`: `fraction` of equity in whole units, like the all-in sizing of backtesting.py
 *   (`size=0.9999`): units = floor(fraction × equity × leverage / price).
 */
export type SizingSpec =
  | { mode: "fixed"; lots: Lots }
  | { mode: "risk"; percent: number }
  | { mode: "fraction"; fraction: number };

/** How a run's entries were sized, as its result states it: the config's rule, or the router's governor. */
export type RunSizing = SizingSpec | { mode: "governor" };

/** Rules of the simulation. */
export interface EngineOptions {
  /**
   * Fill market orders placed on a bar at that bar's close instead of the next bar's open.
   * Default false: a signal computed on a closed bar cannot have traded at that close.
   */
  tradeOnClose: boolean;
  /** Close open positions at the last price when the test ends. Default true. */
  closeAtEnd: boolean;
  /** Default trailing distance (pips) for trailing orders that do not state one. */
  defaultTrailing?: Pips;
  /**
   * What a ruined account does (see `Broker.ruin`): `stop` ends the test on the bar of the ruin
   * (the default: nothing after it means anything), `continue` goes on to the end of the data,
   * refusing every order the account cannot carry.
   */
  onRuin: "stop" | "continue";
}

export const DEFAULT_ACCOUNT: AccountSpec = {
  currency: "USD",
  initialBalance: 10_000,
  leverage: 100,
  mode: "hedging",
  marginCallLevel: 100,
  stopOutLevel: 50,
};

export const DEFAULT_COSTS: CostSpec = {
  spread: "bar",
  extraSpread: 0,
  slippage: 0,
  commission: { mode: "per_lot", perLotPerSide: 0 },
  swaps: true,
};

export const DEFAULT_OPTIONS: EngineOptions = { tradeOnClose: false, closeAtEnd: true, onRuin: "stop" };
