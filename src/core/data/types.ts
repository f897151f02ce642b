import type { UtcMs } from "../units.ts";

/** Bar timeframes of SPEC §3, smallest first. Higher ones are derived from lower ones. */
export const TIMEFRAMES = ["M1", "M5", "M15", "M30", "H1", "H4", "D1", "W1", "MN1"] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

/** What a dataset holds: bars of a timeframe, or ticks. */
export type DataKind = "bars" | "ticks";

/**
 * Bars as columns (SPEC §2: hot loops read typed arrays, never arrays of objects). Row `i` is the
 * bar that opens at `time[i]` (UTC ms); times strictly increase. `spread` is in points, as MT5
 * exports it. All columns have `length` rows; their buffers can be transferred between workers.
 */
export interface BarColumns {
  length: number;
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  tickVolume: Float64Array;
  volume: Float64Array;
  spread: Float64Array;
}

/**
 * Ticks as columns: `time` UTC ms (non-decreasing), `bid`/`ask`/`last` prices (NaN when a feed
 * has none, e.g. `last` for FX), `volume`, and MT5 tick `flags` bits (see TICK_FLAGS).
 */
export interface TickColumns {
  length: number;
  time: Float64Array;
  bid: Float64Array;
  ask: Float64Array;
  last: Float64Array;
  volume: Float64Array;
  flags: Int32Array;
}

/** MT5 tick flag bits (MqlTick.flags). */
export const TICK_FLAGS = { bid: 2, ask: 4, last: 8, volume: 16, buy: 32, sell: 64 } as const;

/** The names of the bar columns, in storage order. */
export const BAR_COLUMNS = ["time", "open", "high", "low", "close", "tickVolume", "volume", "spread"] as const;
/** The names of the tick columns, in storage order. */
export const TICK_COLUMNS = ["time", "bid", "ask", "last", "volume", "flags"] as const;

/** How a swap is charged (MT5 SYMBOL_SWAP_MODE, the two modes we model). */
export type SwapMode = "points" | "money_per_lot";

/**
 * A tradable instrument (SPEC §3). Prices are in the quote currency; P&L is converted to the
 * account currency through it.
 */
export interface Instrument {
  symbol: string;
  /** Decimal digits of a price, e.g. 5 for EURUSD, 3 for USDJPY. */
  digits: number;
  /** Smallest price step, e.g. 0.00001. */
  point: number;
  /** One pip in price, e.g. 0.0001 for EURUSD, 0.01 for USDJPY, 0.1 for XAUUSD. */
  pipSize: number;
  /** Units of the base per lot, e.g. 100000 for FX, 100 for XAUUSD. */
  contractSize: number;
  baseCurrency: string;
  quoteCurrency: string;
  /** Margin required per lot as a fraction of notional at leverage 1; the account leverage divides it. */
  marginRate: number;
  /** Commission per lot per side, in the account currency. */
  commissionPerLot: number;
  swapMode: SwapMode;
  /** Swap for a long position held over the rollover, per lot (unit per swapMode). */
  swapLong: number;
  /** Swap for a short position held over the rollover, per lot (unit per swapMode). */
  swapShort: number;
  /** Which market calendar governs it: exchange group and asset class (see core/time). */
  exchangeGroup: string;
  assetClass: string;
}

/** Half-open UTC range [from, to). */
export interface TimeRange {
  from: UtcMs;
  to: UtcMs;
}
