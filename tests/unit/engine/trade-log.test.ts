import { describe, expect, it } from "vitest";
import type { Trade } from "../../../src/core/engine/orders.ts";
import { TradeLog, writeTradeRow } from "../../../src/core/engine/trade-log.ts";

/** Trade `id` with figures that differ from trade to trade and field to field. */
const tradeNumber = (id: number): Trade => ({
  id,
  positionId: id * 2,
  side: id % 2 ? "long" : "short",
  lots: id / 100,
  entryTime: 1_700_000_000_000 + id,
  entryPrice: 1.1 + id / 1e5,
  exitTime: 1_700_000_060_000 + id,
  exitPrice: 1.2 - id / 1e5,
  entryIndex: id,
  exitIndex: id + 3,
  pnl: id % 3 ? -id * 1.25 : -0,
  grossPnl: id * 1.5,
  pips: id / 7,
  commission: id / 9,
  swap: -id / 11,
  mae: id / 13,
  mfe: id / 17,
  sl: id % 4 ? 1.05 : null,
  tp: id % 5 ? null : 1.3,
  entryEquity: id % 6 ? 10_000 + id / 3 : null,
  session: id % 2 ? "LONDON" : "",
  exitReason: id % 2 ? "signal" : "stop_loss",
  comment: `#${id}`,
});

describe("the trade log", () => {
  it("gives back every trade booked, past the rows it starts with, exactly (nulls, -0)", () => {
    const log = new TradeLog();
    const trades = Array.from({ length: 700 }, (_, i) => tradeNumber(i + 1));
    for (const trade of trades) {
      const at = log.book(trade.session, trade.exitReason, trade.comment); // before `rows`: booking may grow them
      writeTradeRow(log.rows, at, trade);
    }
    expect(log.length).toBe(700);
    expect(log.toArray()).toEqual(trades);
    expect(Object.is(log.at(2).pnl, -0)).toBe(true);
    expect(log.stringsAt(41)).toEqual({ session: "", exitReason: "stop_loss", comment: "#42" });
  });
});
