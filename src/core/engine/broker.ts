import type { Instrument } from "../data/types.ts";
import { formatFixed } from "../format.ts";
import type { BarIndex, Lots, Money, UtcMs } from "../units.ts";
import { dailySwap, largestLoser, type MarginRules, marginFor } from "./margin.ts";
import { commissionFor } from "./money.ts";
import type { ExitReason, Order, OrderRequest, Position, Ruin, Side } from "./orders.ts";
import { entryLots, LOT_STEP, smallestEntry } from "./sizing.ts";
import type { AccountSpec, CostSpec, SizingSpec } from "./spec.ts";
import type { TradeFact } from "./trade-events.ts";
import { Col, TradeLog } from "./trade-log.ts";
import { firstTrigger } from "./triggers.ts";

/** Log levels of SPEC §6. */
export type LogLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR";

/** What the broker needs from the run around it. */
export interface BrokerEnv {
  instrument: Instrument;
  account: AccountSpec;
  costs: CostSpec;
  sizing: SizingSpec;
  /** Converts an amount in the quote currency to the account currency at `price`. */
  toAccount: (amount: number, price: number) => Money;
  log: (level: LogLevel, message: string, module: string) => void;
  /** Called when a position opens or a trade closes: the fact stands for the broker's log line too. */
  onTrade: (fact: TradeFact) => void;
  /** Primary session label at a bar index ("" when unknown). */
  sessionAt: (index: BarIndex) => string;
}

const EPSILON_LOTS = 1e-9;

const SIDE_NAME = { 1: "BUY", [-1]: "SELL" } as const;

/**
 * The simulated broker: pending orders, open positions, fills, costs and margin. The rules it
 * applies live beside it: which level a move reaches first (triggers.ts), margin and swaps
 * (margin.ts), entry sizes (sizing.ts), currency conversion and commission (money.ts); the
 * closed trades go straight into a TradeLog.
 *
 * Prices: bars and ticks carry the bid; the ask is bid + spread. Buys fill at the ask and sells
 * at the bid, so a round trip costs the spread, as at an MT5 broker. Long stops/targets watch
 * the bid (where a long is closed), short ones the ask.
 *
 * The loop feeds it price points (`processPoint`). A point is either a *jump* (a bar's open, a
 * tick: the price got there without trading in between, so anything crossed fills at the point's
 * price — a stop gapped through fills at the open, not at its level) or part of a *continuous*
 * intrabar path (levels crossed fill exactly at their level). Within one continuous segment the
 * levels trigger in the order the price reaches them.
 */
export class Broker {
  // Numeric fields start as numbers: one declared without a value starts undefined, and V8 then
  // keeps it tagged, boxing every double stored in it (a heap number per bar for the balance).
  balance: Money = 0;
  readonly positions: Position[] = [];
  readonly orders: Order[] = [];
  readonly trades = new TradeLog();
  /** Current simulated time and bar index, set by the loop before each call. */
  time: UtcMs = 0;
  index: BarIndex = 0;
  bid = Number.NaN;
  ask = Number.NaN;
  /** Count of things that can trigger on a price move: pending orders and stop/target/trailing levels. */
  armed = 0;
  /** Entries refused because the free margin could not carry them (MT5's "not enough money"). */
  refused = 0;
  /** When and why the account was ruined (see `checkCarry` and `closeAt`); undefined while it is not. */
  ruin: Ruin | undefined = undefined;
  /**
   * The smallest entry, in lots, the run can ask for: its fixed size or the smallest size a
   * strategy stated; the minimum volume when the sizing scales with the account.
   */
  private smallestLots = Number.POSITIVE_INFINITY;
  private nextId = 1;
  private marginCalled = false;
  /** Counts changes to the open positions (fills, closes, swaps), so a remembered equity goes stale. */
  private changes = 0;
  // The equity last computed, and at what prices, balance and positions (see `remember`).
  private knownBid = Number.NaN;
  private knownAsk = Number.NaN;
  private knownBalance = Number.NaN;
  private knownChanges = -1;
  private knownEquity = Number.NaN;
  private readonly point: number = 0;
  private readonly pip: number = 0;
  private readonly contract: number = 0;
  /** Whether the spread is fixed (else each bar's own), and the fixed one in price, extra included. */
  private readonly fixedSpread: boolean;
  private readonly fixedSpreadPrice: number = 0;
  /** Points added to every bar's spread. */
  private readonly extraSpread: number = 0;
  private readonly toAccount: (amount: number, price: number) => Money;
  private readonly marginCallLevel: number = 0;
  private readonly rules: MarginRules;

  constructor(private readonly env: BrokerEnv) {
    this.balance = env.account.initialBalance;
    this.point = env.instrument.point;
    this.pip = env.instrument.pipSize;
    this.contract = env.instrument.contractSize;
    this.fixedSpread = env.costs.spread !== "bar";
    this.extraSpread = env.costs.extraSpread;
    if (env.costs.spread !== "bar") this.fixedSpreadPrice = (env.costs.spread + this.extraSpread) * this.point;
    this.toAccount = env.toAccount;
    this.marginCallLevel = env.account.marginCallLevel;
    this.rules = { instrument: env.instrument, leverage: env.account.leverage, toAccount: env.toAccount };
  }

  /** Spread in price for a bar whose spread column says `barSpreadPoints`. */
  spreadPrice(barSpreadPoints: number): number {
    return this.fixedSpread ? this.fixedSpreadPrice : (barSpreadPoints + this.extraSpread) * this.point;
  }

  /**
   * Accepts an order; market orders wait for the next price point the loop chooses (the next
   * bar's open by default). Returns undefined, with a warning in the log, for an invalid order.
   */
  submit(request: Omit<OrderRequest, "side">, side: Side): Order | undefined {
    const type = request.type ?? "market";
    const order: Order = {
      id: this.nextId++,
      side,
      type,
      lots: request.lots ?? Number.NaN,
      price: request.price ?? Number.NaN,
      sl: request.sl ?? Number.NaN,
      tp: request.tp ?? Number.NaN,
      slPips: request.slPips ?? Number.NaN,
      tpPips: request.tpPips ?? Number.NaN,
      trailingPips: request.trailingPips ?? Number.NaN,
      expiresAt: request.expiresAt ?? Number.POSITIVE_INFINITY,
      placedAt: this.time,
      comment: request.comment ?? "",
    };
    if (!(Number.isNaN(order.lots) || order.lots > 0)) return this.reject(`lots must be positive, got ${order.lots}`);
    if (type !== "market") {
      if (!Number.isFinite(order.price)) return this.reject(`${type} order needs a price`);
      // MT5 refuses pending orders on the wrong side of the market ("invalid price").
      const watched = order.side === 1 ? this.ask : this.bid;
      const wrongSide = (type === "stop") === (order.side === 1) ? order.price <= watched : order.price >= watched;
      if (wrongSide)
        return this.reject(
          `${type} ${SIDE_NAME[order.side]} at ${order.price} is on the wrong side of the market (${watched})`,
        );
      this.armed++;
    }
    this.orders.push(order);
    if (type !== "market") {
      this.env.log(
        "INFO",
        `order #${order.id} placed: ${type} ${SIDE_NAME[order.side]} at ${this.fmt(order.price)}`,
        "broker",
      );
    }
    return order;
  }

  /** Queues a market order that closes `lots` (NaN: all) of a position, or of every position (-1). */
  close(positionId: number, lots: Lots, reason: ExitReason): void {
    for (const p of this.positions) {
      if (positionId !== -1 && p.id !== positionId) continue;
      this.orders.push({
        id: this.nextId++,
        side: -p.side as Side,
        type: "market",
        lots,
        price: Number.NaN,
        sl: Number.NaN,
        tp: Number.NaN,
        slPips: Number.NaN,
        tpPips: Number.NaN,
        trailingPips: Number.NaN,
        expiresAt: Number.POSITIVE_INFINITY,
        placedAt: this.time,
        comment: "",
        closes: { positionId: p.id, lots, reason },
      });
    }
  }

  /** Cancels a pending order; false if it is not pending. */
  cancel(orderId: number): boolean {
    const at = this.orders.findIndex((o) => o.id === orderId);
    if (at < 0) return false;
    if (this.orders[at].type !== "market") this.armed--;
    this.orders.splice(at, 1);
    this.env.log("INFO", `order #${orderId} cancelled`, "broker");
    return true;
  }

  /** Cancels pending orders whose expiry has passed. */
  expire(time: UtcMs): void {
    for (let i = this.orders.length - 1; i >= 0; i--) {
      const o = this.orders[i];
      if (o.expiresAt <= time) {
        this.orders.splice(i, 1);
        if (o.type !== "market") this.armed--;
        this.env.log("INFO", `order #${o.id} expired unfilled`, "broker");
      }
    }
  }

  /** Fills every queued market order at the current bid/ask (plus slippage), in the order queued. */
  fillMarketOrders(): void {
    const orders = this.orders;
    if (orders.length === 0) return;
    const slip = this.env.costs.slippage * this.point;
    // Pending orders stay, in order; filling queues nothing, so the list is compacted in one pass.
    let kept = 0;
    const queued = orders.length;
    for (let i = 0; i < queued; i++) {
      const o = orders[i];
      if (o.type !== "market") orders[kept++] = o;
      else this.execute(o, o.side === 1 ? this.ask + slip : this.bid - slip);
    }
    orders.length = kept;
  }

  /**
   * Moves the market to (bid, ask) and triggers what it crosses: pending orders, stops, targets;
   * then moves trailing stops. Call `settle` after it where excursions and margin matter.
   */
  processPoint(bid: number, ask: number, jump: boolean): void {
    let prevBid = this.bid;
    let prevAsk = this.ask;
    this.bid = bid;
    this.ask = ask;
    if (this.armed > 0) {
      const isJump = jump || Number.isNaN(prevBid);
      const slip = this.env.costs.slippage * this.point;
      for (;;) {
        const trigger = firstTrigger(this.orders, this.positions, bid, ask, prevBid, prevAsk, isJump);
        if (!trigger) break;
        let onBid: boolean;
        if ("order" in trigger) {
          const o = trigger.order;
          const watched = o.side === 1 ? ask : bid;
          // Limits fill at their level or better; stops at their level, or worse when gapped through.
          const price = isJump ? watched : o.price;
          this.orders.splice(this.orders.indexOf(o), 1);
          this.armed--;
          this.execute(o, o.type === "stop" ? price + o.side * slip : price);
          onBid = o.side === -1;
        } else {
          const { position: p, level, kind } = trigger;
          const watched = p.side === 1 ? bid : ask;
          const price = isJump ? watched : level;
          const reason: ExitReason =
            kind === "tp" ? "take_profit" : !Number.isNaN(p.trail) ? "trailing_stop" : "stop_loss";
          // A stop becomes a market order (slippage); a target is a limit (none).
          this.closeAt(p, p.lots, kind === "sl" ? price - p.side * slip : price, reason);
          onBid = p.side === 1;
        }
        if (!isJump) {
          // The rest of the segment starts where the triggered level was.
          const spread = ask - bid;
          prevBid = onBid ? trigger.level : trigger.level - spread;
          prevAsk = prevBid + spread;
        }
      }
      this.trail(bid, ask);
    }
  }

  /** Updates the open positions' excursions at the current prices and checks the margin level. */
  settle(): void {
    if (this.positions.length === 0) return;
    this.markExcursions(this.bid, this.ask);
    this.checkMargin();
  }

  /**
   * A bar's path when nothing can trigger (no pending orders, stops or targets): only the
   * excursions and the margin level at the adverse extreme matter, so the four path points
   * collapse to the extremes and the close — the common case, kept cheap: one pass over the
   * positions, which also leaves the equity at the close ready for `equity()`.
   */
  sweepBar(high: number, low: number, close: number, spread: number): void {
    const positions = this.positions;
    const closeAsk = close + spread;
    if (positions.length > 0) {
      const highAsk = high + spread;
      let worstEquity = this.balance;
      let closeEquity = this.balance;
      let margin = 0;
      for (let k = 0; k < positions.length; k++) {
        const p = positions[k];
        const long = p.side === 1;
        const best = long ? high : low + spread;
        const worst = long ? low : highAsk;
        if (long ? best > p.best : best < p.best) p.best = best;
        if (long ? worst < p.worst : worst > p.worst) p.worst = worst;
        // Margin at the bar's worst point: longs at the low, shorts at the high (conservative when hedged).
        worstEquity += this.floating(p, worst);
        closeEquity += this.floating(p, long ? close : closeAsk);
        margin += p.margin;
      }
      if (margin === 0 || (worstEquity > 0 && worstEquity * 100 >= this.marginCallLevel * margin)) {
        this.marginCalled = false;
        this.remember(close, closeAsk, closeEquity);
      } else {
        // Trouble within the bar: where the path meets it first, at the open after a gap, else
        // at the adverse extreme.
        this.checkMargin();
        this.bid = low;
        this.ask = highAsk;
        if (this.positions.length > 0) this.checkMargin();
      }
    }
    this.bid = close;
    this.ask = closeAsk;
  }

  /** Charges the swap of every open position for `days` days (3 on Wednesday's rollover). */
  chargeSwaps(days: number): void {
    for (const p of this.positions) {
      const swap = dailySwap(this.rules, p, this.bid);
      if (swap === 0) continue;
      p.swap += swap * days;
      this.changes++;
    }
  }

  /** Equity at the current prices: balance + floating P&L + accrued swap − entry commission. */
  equity(): Money {
    return this.remembered() ? this.knownEquity : this.computeEquity();
  }

  /**
   * Writes the equity and balance at the current prices to `equity[k]` and `balance[k]`, and says
   * whether a position is open: the loop's once-a-bar call. It returns no double, because V8 boxes
   * a double returned by a call it does not inline (a heap number a bar, half of a run's garbage).
   */
  recordCurve(equity: Float64Array, balance: Float64Array, k: number): boolean {
    balance[k] = this.balance;
    if (this.positions.length === 0) {
      equity[k] = this.balance;
      return false;
    }
    equity[k] = this.remembered() ? this.knownEquity : this.computeEquity();
    return true;
  }

  /** Whether the equity `sweepBar` remembered still holds: same prices, balance and positions. */
  private remembered(): boolean {
    return (
      this.bid === this.knownBid &&
      this.ask === this.knownAsk &&
      this.balance === this.knownBalance &&
      this.changes === this.knownChanges
    );
  }

  private computeEquity(): Money {
    let equity = this.balance;
    for (const p of this.positions) equity += this.floating(p, p.side === 1 ? this.bid : this.ask);
    return equity;
  }

  /** Notes the equity at (bid, ask) as it is now, for `equity()` to return until something changes. */
  private remember(bid: number, ask: number, equity: Money): void {
    this.knownBid = bid;
    this.knownAsk = ask;
    this.knownBalance = this.balance;
    this.knownChanges = this.changes;
    this.knownEquity = equity;
  }

  /** Margin used by the open positions, in the account currency. */
  usedMargin(): Money {
    let margin = 0;
    for (const p of this.positions) margin += p.margin;
    return margin;
  }

  /** Closes every position at the current price. */
  closeAll(reason: ExitReason): void {
    while (this.positions.length > 0) {
      const p = this.positions[0];
      this.closeAt(p, p.lots, p.side === 1 ? this.bid : this.ask, reason);
    }
  }

  /** Lots the sizing rule gives for a fill at `price` with stop `sl` (NaN: none). 0 when it cannot size. */
  sizeFor(price: number, sl: number): Lots {
    const { sizing, account } = this.env;
    const lots = entryLots(
      sizing,
      {
        equity: this.equity(),
        usedMargin: this.usedMargin(),
        leverage: account.leverage,
        contract: this.contract,
        toAccount: this.toAccount,
      },
      price,
      sl,
    );
    if (lots !== undefined) return lots;
    this.env.log("WARNING", "risk sizing needs a stop loss: order skipped", "broker");
    return 0;
  }

  private floating(p: Position, price: number): Money {
    return this.toAccount(p.side * (price - p.entryPrice) * p.lots * this.contract, price) + p.swap - p.commission;
  }

  private execute(order: Order, price: number): void {
    if (order.closes) {
      const { positionId, lots: closing, reason } = order.closes;
      const p = this.positionById(positionId);
      if (!p) return; // already closed by a stop on the way
      this.closeAt(p, Number.isNaN(closing) ? p.lots : Math.min(closing, p.lots), price, reason);
      return;
    }
    const { account, sizing } = this.env;
    const sl = !Number.isNaN(order.sl) ? order.sl : price - order.side * order.slPips * this.pip;
    const tp = !Number.isNaN(order.tp) ? order.tp : price + order.side * order.tpPips * this.pip;
    const stated = !Number.isNaN(order.lots);
    const smallest = stated ? order.lots : smallestEntry(sizing);
    if (smallest < this.smallestLots) this.smallestLots = smallest;
    let lots = stated ? order.lots : this.sizeFor(price, sl);
    if (account.mode === "netting") lots = this.net(order.side, lots, price);
    if (lots <= EPSILON_LOTS) {
      this.checkCarry(price);
      return;
    }
    // MT5 checks the margin before a fill: an entry the free margin cannot carry is refused.
    const margin = marginFor(this.rules, lots, price);
    const entryEquity = this.equity();
    const free = entryEquity - this.usedMargin();
    if (margin > free) {
      this.refused++;
      this.env.log(
        "WARNING",
        `order #${order.id} refused: not enough money: ${formatFixed(lots, 2)} lots need ${this.money(margin)} margin, free margin ${this.money(free)}`,
        "broker",
      );
      this.checkCarry(price);
      return;
    }
    const notional = this.env.toAccount(lots * this.contract * price, price);
    const position: Position = {
      id: order.id,
      side: order.side,
      lots,
      entryPrice: price,
      entryTime: this.time,
      entryIndex: this.index,
      sl,
      tp,
      trail: order.trailingPips * this.pip,
      commission: commissionFor(this.env.costs.commission, lots, notional),
      swap: 0,
      margin,
      best: price,
      worst: price,
      comment: order.comment,
      entryEquity,
    };
    if (!Number.isNaN(position.trail) && Number.isNaN(position.sl)) position.sl = price - order.side * position.trail;
    this.positions.push(position);
    this.changes++;
    this.armed += this.levelsOf(position);
    this.env.onTrade({ action: "open", position, orderType: order.type });
  }

  private positionById(id: number): Position | undefined {
    for (const p of this.positions) if (p.id === id) return p;
    return undefined;
  }

  /** Netting: an opposite fill first reduces the open position; returns the lots left to open. */
  private net(side: Side, lots: Lots, price: number): Lots {
    let left = lots;
    for (let i = this.positions.length - 1; i >= 0 && left > EPSILON_LOTS; i--) {
      const p = this.positions[i];
      if (p.side === side) continue;
      const closing = Math.min(p.lots, left);
      this.closeAt(p, closing, price, closing < left ? "reverse" : "signal");
      left -= closing;
    }
    return left;
  }

  private levelsOf(p: Position): number {
    return (!Number.isNaN(p.sl) || !Number.isNaN(p.trail) ? 1 : 0) + (!Number.isNaN(p.tp) ? 1 : 0);
  }

  /** Closes `lots` of `p` at `price`, books the trade and settles the balance. */
  private closeAt(p: Position, lots: Lots, price: number, reason: ExitReason): void {
    const share = lots / p.lots;
    const gross = this.env.toAccount(p.side * (price - p.entryPrice) * lots * this.contract, price);
    const notional = this.env.toAccount(lots * this.contract * price, price);
    const entryCommission = p.commission * share;
    const commission = entryCommission + commissionFor(this.env.costs.commission, lots, notional);
    const swap = p.swap * share;
    const pnl = gross - commission + swap;
    this.balance += pnl;
    // Booked straight into the log's row: a Trade object would box each figure (see TradeLog).
    const trades = this.trades;
    const at = trades.book(this.env.sessionAt(p.entryIndex), reason, p.comment);
    const row = trades.rows;
    row[at + Col.PositionId] = p.id;
    row[at + Col.Side] = p.side;
    row[at + Col.Lots] = lots;
    row[at + Col.EntryTime] = p.entryTime;
    row[at + Col.EntryPrice] = p.entryPrice;
    row[at + Col.ExitTime] = this.time;
    row[at + Col.ExitPrice] = price;
    row[at + Col.EntryIndex] = p.entryIndex;
    row[at + Col.ExitIndex] = this.index;
    row[at + Col.Pnl] = pnl;
    row[at + Col.GrossPnl] = gross;
    row[at + Col.Pips] = (p.side * (price - p.entryPrice)) / this.pip;
    row[at + Col.Commission] = commission;
    row[at + Col.Swap] = swap;
    row[at + Col.Mae] = Math.max(0, (p.side * (p.entryPrice - p.worst)) / this.pip);
    row[at + Col.Mfe] = Math.max(0, (p.side * (p.best - p.entryPrice)) / this.pip);
    row[at + Col.Sl] = p.sl;
    row[at + Col.Tp] = p.tp;
    row[at + Col.EntryEquity] = p.entryEquity;
    this.changes++;
    if (lots >= p.lots - EPSILON_LOTS) {
      this.armed -= this.levelsOf(p);
      const at = this.positions.indexOf(p);
      if (at === this.positions.length - 1) this.positions.pop();
      else this.positions.splice(at, 1);
      p.lots = 0;
    } else {
      p.margin *= 1 - share;
      p.lots -= lots;
      p.commission -= entryCommission;
      p.swap -= swap;
    }
    this.env.onTrade({ action: "close", log: trades, index: trades.length - 1 });
    if (this.balance <= 0 && this.positions.length === 0)
      this.ruined(`the balance fell to ${this.money(this.balance)} with no position open`);
  }

  /**
   * Flat, an account's balance can no longer change: when it cannot carry the smallest entry the
   * run asks for, nothing the run does from here can trade, and the account is ruined. (With a
   * position open, its P&L may still free the margin.)
   */
  private checkCarry(price: number): void {
    if (this.positions.length > 0 || this.ruin !== undefined) return;
    const lots = Number.isFinite(this.smallestLots) ? this.smallestLots : LOT_STEP;
    const margin = marginFor(this.rules, lots, price);
    if (this.balance < margin)
      this.ruined(
        `the account (${this.money(this.balance)}) can no longer carry a ${formatFixed(lots, 2)}-lot entry (margin ${this.money(margin)}) and has no position open`,
      );
  }

  /** Marks the account ruined, once: the loop ends the test or goes on, by `on_ruin`. */
  private ruined(reason: string): void {
    if (this.ruin === undefined) this.ruin = { time: this.time, equity: this.equity(), reason };
  }

  private trail(bid: number, ask: number): void {
    for (const p of this.positions) {
      if (Number.isNaN(p.trail)) continue;
      const candidate = p.side === 1 ? bid - p.trail : ask + p.trail;
      if (p.side === 1 ? candidate > p.sl : candidate < p.sl) p.sl = candidate;
    }
  }

  private markExcursions(bid: number, ask: number): void {
    for (const p of this.positions) {
      const price = p.side === 1 ? bid : ask;
      if (p.side * (price - p.best) > 0) p.best = price;
      if (p.side * (price - p.worst) < 0) p.worst = price;
    }
  }

  /**
   * Checks the margin level at the current prices (`marginTrouble` when it is low). Runs at least
   * once per bar with open positions, so the common "all is well" case is one loop.
   */
  private checkMargin(): void {
    let equity = this.balance;
    let margin = 0;
    for (const p of this.positions) {
      equity += this.floating(p, p.side === 1 ? this.bid : this.ask);
      margin += p.margin;
    }
    if (margin === 0 || (equity > 0 && equity * 100 >= this.marginCallLevel * margin)) {
      this.marginCalled = false;
      return;
    }
    this.marginTrouble(equity, margin);
  }

  /**
   * Margin call warning, then stop-out: close the largest loser until the margin level recovers
   * (MT5's order). Equity at or below zero is ruin: whatever is still open is closed.
   */
  private marginTrouble(equity: Money, margin: Money): void {
    const { marginCallLevel, stopOutLevel } = this.env.account;
    let level = (equity / margin) * 100;
    if (!this.marginCalled) {
      this.marginCalled = true;
      this.env.log("WARNING", `margin call: margin level ${level.toFixed(1)}% < ${marginCallLevel}%`, "broker");
    }
    while (level < stopOutLevel && this.positions.length > 0) {
      const worst = largestLoser(this.positions, (p) => this.floating(p, p.side === 1 ? this.bid : this.ask));
      this.env.log(
        "WARNING",
        `stop out: margin level ${level.toFixed(1)}% < ${stopOutLevel}%, closing position #${worst.id}`,
        "broker",
      );
      this.closeAt(worst, worst.lots, worst.side === 1 ? this.bid : this.ask, "stop_out");
      const margin = this.usedMargin();
      level = margin > 0 ? (this.equity() / margin) * 100 : Number.POSITIVE_INFINITY;
    }
    if (this.positions.length > 0 && this.equity() <= 0) {
      this.ruined(`equity fell to ${this.money(this.equity())}`);
      this.closeAll("stop_out");
    }
  }

  private reject(why: string): undefined {
    this.env.log("WARNING", `order rejected: ${why}`, "broker");
    return undefined;
  }

  private fmt(price: number): string {
    return formatFixed(price, this.env.instrument.digits);
  }

  private money(amount: Money): string {
    return `${formatFixed(amount, 2)} ${this.env.account.currency}`;
  }
}
