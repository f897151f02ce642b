import { formatFixed, formatIsoUtc } from "../format.ts";
import type { BacktestEvent } from "../protocol/backtest.ts";
import type { ExitReason, OrderType, Position, Trade } from "./orders.ts";
import type { TradeLog } from "./trade-log.ts";

/** What a fill or close line names besides the trade: constant through a run. */
export interface TradeLineContext {
  backtestId: string;
  symbol: string;
  /** Price digits of the symbol (5 for EURUSD). */
  digits: number;
  /** Account currency, in which P&L is shown. */
  currency: string;
}

/**
 * A fill or a close as the engine hands it to its host (`EngineHost.trade`): SPEC §6 has two events
 * for it, the broker's log line then the trade. Most hosts pack or drop them, so the line is only
 * written out where events are read (`tradeEvents`): building its text was most of a trade's cost.
 */
export type TradeFact =
  | { action: "open"; position: OpenedPosition; orderType: OrderType }
  | { action: "close"; log: TradeLog; index: number };

/** A fill or close with its trade in hand: what `tradeEvents` writes out. */
export type TradeLines =
  | { action: "open"; position: OpenedPosition; orderType: OrderType }
  | { action: "close"; trade: Trade };

/** What the line and event of a position opened show of it (NaN: no stop or target). */
export type OpenedPosition = Pick<Position, "id" | "side" | "lots" | "entryTime" | "entryPrice" | "sl" | "tp">;

const SIDE_NAME = { 1: "BUY", [-1]: "SELL" } as const;
const REASON_TEXT: Record<ExitReason, string> = {
  signal: "signal",
  stop_loss: "stop loss",
  take_profit: "take profit",
  trailing_stop: "trailing stop",
  reverse: "reverse",
  end_of_test: "end of test",
  stop_out: "stop out",
  kill_zone: "news kill zone",
};

/** The broker's line for a position opened, e.g. "fill BUY 0.10 EURUSD @ 1.10234 (market) sl 1.10034". */
function fillLine(position: OpenedPosition, orderType: OrderType, context: TradeLineContext): string {
  const price = (value: number) => formatFixed(value, context.digits);
  const sl = Number.isNaN(position.sl) ? "" : ` sl ${price(position.sl)}`;
  const tp = Number.isNaN(position.tp) ? "" : ` tp ${price(position.tp)}`;
  return `fill ${SIDE_NAME[position.side]} ${formatFixed(position.lots, 2)} ${context.symbol} @ ${price(position.entryPrice)} (${orderType})${sl}${tp}`;
}

/** The broker's line for a trade closed, e.g. "close long 0.10 EURUSD @ 1.10334 (signal): 10.0 pips, 100.00 USD". */
function closeLine(trade: Trade, context: TradeLineContext): string {
  return `close ${trade.side} ${formatFixed(trade.lots, 2)} ${context.symbol} @ ${formatFixed(trade.exitPrice, context.digits)} (${REASON_TEXT[trade.exitReason]}): ${formatFixed(trade.pips, 1)} pips, ${formatFixed(trade.pnl, 2)} ${context.currency}`;
}

/**
 * The two SPEC §6 events of a fill or close, numbered `seq` and `seq + 1`: the broker's log line
 * (at the trade's simulated instant, `wallMs` on the wall clock) and the trade event. An opened
 * position travels as a snapshot; a closed trade never changes.
 */
export function tradeEvents(fact: TradeLines, context: TradeLineContext, wallMs: number, seq: number): BacktestEvent[] {
  const backtest_id = context.backtestId;
  const timestamp = formatIsoUtc(Math.floor(wallMs));
  const line = (simMs: number, level: "INFO" | "WARNING", message: string): BacktestEvent => ({
    type: "log_entry",
    seq,
    data: {
      backtest_id,
      timestamp,
      sim_time: formatIsoUtc(simMs),
      level,
      message,
      module: "broker",
      logger_name: "pipscope.broker",
    },
  });
  if (fact.action === "close") {
    const { trade } = fact;
    return [
      line(trade.exitTime, trade.exitReason === "stop_out" ? "WARNING" : "INFO", closeLine(trade, context)),
      { type: "trade", seq: seq + 1, data: { backtest_id, action: "close", trade } },
    ];
  }
  const { position, orderType } = fact;
  return [
    line(position.entryTime, "INFO", fillLine(position, orderType, context)),
    {
      type: "trade",
      seq: seq + 1,
      data: {
        backtest_id,
        action: "open",
        trade: {
          id: position.id,
          side: position.side === 1 ? "long" : "short",
          lots: position.lots,
          entryTime: position.entryTime,
          entryPrice: position.entryPrice,
          sl: Number.isNaN(position.sl) ? null : position.sl,
          tp: Number.isNaN(position.tp) ? null : position.tp,
        },
      },
    },
  ];
}
