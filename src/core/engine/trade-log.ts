import type { ExitReason, Trade } from "./orders.ts";

/** A trade's figures, in their order within a row (`TradeLog.rows`, and packed event batches). */
export enum Col {
  PositionId,
  /** 1 long, -1 short. */
  Side,
  Lots,
  EntryTime,
  EntryPrice,
  ExitTime,
  ExitPrice,
  EntryIndex,
  ExitIndex,
  Pnl,
  GrossPnl,
  Pips,
  Commission,
  Swap,
  Mae,
  Mfe,
  /** NaN: none. */
  Sl,
  Tp,
  /** NaN: unknown. */
  EntryEquity,
  Count,
}

/** The strings of a trade, kept beside its row. */
export interface TradeStrings {
  session: string;
  exitReason: ExitReason;
  comment: string;
}

/**
 * A run's closed trades as rows of numbers in one growing Float64Array, their strings beside it,
 * rather than as objects: a run books a trade every few dozen bars, and each object would box its
 * numbers one by one and be copied through the young generation's collections. The broker writes
 * a trade's figures straight into its row (`book`); `at`/`toArray` make objects where they are
 * read (the result, a trade event). Trade ids are 1 + the row.
 */
export class TradeLog {
  private figures = new Float64Array(256 * Col.Count);
  private count = 0;
  private readonly sessions: string[] = [];
  private readonly reasons: ExitReason[] = [];
  private readonly comments: string[] = [];

  /** Trades booked so far. */
  get length(): number {
    return this.count;
  }

  /** Every row, `Col.Count` figures each (valid up to `length` rows; may be replaced as it grows). */
  get rows(): Float64Array {
    return this.figures;
  }

  /** Books the next trade with its strings; returns the offset of its row in `rows`, for its figures. */
  book(session: string, exitReason: ExitReason, comment: string): number {
    const at = this.count * Col.Count;
    if (at + Col.Count > this.figures.length) {
      const grown = new Float64Array(this.figures.length * 2);
      grown.set(this.figures);
      this.figures = grown;
    }
    this.sessions.push(session);
    this.reasons.push(exitReason);
    this.comments.push(comment);
    this.count++;
    return at;
  }

  /** Trade `index` (0-based) as an object. */
  at(index: number): Trade {
    return tradeFromRow(this.figures, index * Col.Count, index + 1, {
      session: this.sessions[index],
      exitReason: this.reasons[index],
      comment: this.comments[index],
    });
  }

  /** The strings of trade `index`. */
  stringsAt(index: number): TradeStrings {
    return { session: this.sessions[index], exitReason: this.reasons[index], comment: this.comments[index] };
  }

  /** Every trade booked, as objects, in order. */
  toArray(): Trade[] {
    return Array.from({ length: this.count }, (_, index) => this.at(index));
  }
}

/** A trade from its row of figures at `rows[at…]` (in `Col` order), its id and its strings. */
export function tradeFromRow(rows: Float64Array, at: number, id: number, strings: TradeStrings): Trade {
  const level = (value: number) => (Number.isNaN(value) ? null : value);
  return {
    id,
    positionId: rows[at + Col.PositionId],
    side: rows[at + Col.Side] === 1 ? "long" : "short",
    lots: rows[at + Col.Lots],
    entryTime: rows[at + Col.EntryTime],
    entryPrice: rows[at + Col.EntryPrice],
    exitTime: rows[at + Col.ExitTime],
    exitPrice: rows[at + Col.ExitPrice],
    entryIndex: rows[at + Col.EntryIndex],
    exitIndex: rows[at + Col.ExitIndex],
    pnl: rows[at + Col.Pnl],
    grossPnl: rows[at + Col.GrossPnl],
    pips: rows[at + Col.Pips],
    commission: rows[at + Col.Commission],
    swap: rows[at + Col.Swap],
    mae: rows[at + Col.Mae],
    mfe: rows[at + Col.Mfe],
    sl: level(rows[at + Col.Sl]),
    tp: level(rows[at + Col.Tp]),
    entryEquity: level(rows[at + Col.EntryEquity]),
    session: strings.session,
    exitReason: strings.exitReason,
    comment: strings.comment,
  };
}

/** Writes `trade`'s figures at `rows[at…]`, in `Col` order. */
export function writeTradeRow(rows: Float64Array, at: number, trade: Trade): void {
  rows[at + Col.PositionId] = trade.positionId;
  rows[at + Col.Side] = trade.side === "long" ? 1 : -1;
  rows[at + Col.Lots] = trade.lots;
  rows[at + Col.EntryTime] = trade.entryTime;
  rows[at + Col.EntryPrice] = trade.entryPrice;
  rows[at + Col.ExitTime] = trade.exitTime;
  rows[at + Col.ExitPrice] = trade.exitPrice;
  rows[at + Col.EntryIndex] = trade.entryIndex;
  rows[at + Col.ExitIndex] = trade.exitIndex;
  rows[at + Col.Pnl] = trade.pnl;
  rows[at + Col.GrossPnl] = trade.grossPnl;
  rows[at + Col.Pips] = trade.pips;
  rows[at + Col.Commission] = trade.commission;
  rows[at + Col.Swap] = trade.swap;
  rows[at + Col.Mae] = trade.mae;
  rows[at + Col.Mfe] = trade.mfe;
  rows[at + Col.Sl] = trade.sl ?? Number.NaN;
  rows[at + Col.Tp] = trade.tp ?? Number.NaN;
  rows[at + Col.EntryEquity] = trade.entryEquity ?? Number.NaN;
}
