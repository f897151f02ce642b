import type { BarColumns, Instrument } from "../data/types.ts";
import type { Order, OrderRequest, Position, Side } from "../engine/orders.ts";
import type { Regime } from "../router/regime.ts";
import type { Lots, Money, Pips, UtcMs } from "../units.ts";
import type { ParamSpec, ParamValues } from "./params.ts";
import type { Series } from "./series.ts";

/** `ctx.log`: lines stamped with the simulated time and streamed live (SPEC §6). */
export interface StrategyLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Options for `buy`/`sell`: all optional; size defaults to the run's sizing rule. */
export type EntryOptions = Omit<OrderRequest, "side">;

/** The net position of the strategy on its symbol. */
export interface PositionSummary {
  /** 1 long, -1 short, 0 flat (net of hedged positions). */
  side: Side | 0;
  /** Net lots (positive). */
  lots: Lots;
  /** Open positions, oldest first. */
  open: readonly Position[];
}

/** What a strategy sees and can do on each bar or tick. */
export interface StrategyContext {
  readonly params: ParamValues;
  readonly instrument: Instrument;
  /**
   * All bars, including those after the current one: readable only inside `init`, to compute
   * indicators over the whole column once. Reading it later throws.
   */
  readonly bars: BarColumns;
  /** Wraps a column computed in `init` (an indicator) as a look-ahead-free series. */
  series(values: Float64Array): Series;
  readonly time: Series;
  readonly open: Series;
  readonly high: Series;
  readonly low: Series;
  readonly close: Series;
  readonly volume: Series;
  /** Spread in points. */
  readonly spread: Series;
  /** Index of the current bar in the loaded data (warm-up bars included). */
  readonly index: number;
  /** Simulated time of the current bar's open (bar mode) or of the tick (tick mode). */
  readonly now: UtcMs;
  /** Current bid and ask. */
  readonly bid: number;
  readonly ask: number;
  readonly position: PositionSummary;
  readonly pendingOrders: readonly Order[];
  readonly balance: Money;
  readonly equity: Money;
  /** True when trading session `id` (e.g. "LONDON") is open at the current bar. */
  inSession(id: string): boolean;
  /** The primary session label of the current bar (e.g. "OVERLAP_LONDON_NY", "CLOSED"). */
  readonly session: string;
  /**
   * The market regime of the current bar (TREND_UP, TREND_DOWN, RANGE, HIGH_VOL; UNKNOWN during
   * warm-up), from core/router/regime with the run's thresholds; it reads no later bar.
   */
  readonly regime: Regime;
  /** Converts pips to a price distance for this instrument. */
  pips(pips: Pips): number;
  buy(options?: EntryOptions): Order | undefined;
  sell(options?: EntryOptions): Order | undefined;
  /** Places any order (market, limit, stop). */
  order(request: OrderRequest): Order | undefined;
  /** Closes all open positions (or `lots` of each) at the next fill. */
  closePositions(lots?: Lots): void;
  /** Closes one open position (or `lots` of it) at the next fill; false when it is not open. */
  closePosition(positionId: number, lots?: Lots): boolean;
  /** Closes everything and opens the opposite side with the default size. */
  reverse(options?: EntryOptions): Order | undefined;
  cancel(orderId: number): boolean;
  readonly log: StrategyLog;
}

/** A strategy: optional `init` once, then `onBar` per closed bar (bar mode) or `onTick` per tick. */
export interface Strategy {
  init?(ctx: StrategyContext): void;
  onBar?(ctx: StrategyContext): void;
  onTick?(ctx: StrategyContext): void;
}

/** A built-in (or user) strategy with its parameter schema for the UI and for sweeps. */
export interface StrategyDefinition {
  id: string;
  name: string;
  description: string;
  params: readonly ParamSpec[];
  create(params: ParamValues): Strategy;
}
