import type { Instrument } from "../data/types.ts";
import type { Order, OrderRequest, Position } from "../engine/orders.ts";
import type { EntryOptions, PositionSummary, StrategyContext, StrategyLog } from "../strategy/api.ts";
import type { ParamValues } from "../strategy/params.ts";
import type { Series } from "../strategy/series.ts";
import type { Lots } from "../units.ts";
import type { Regime } from "./regime.ts";

/** What a bot's view asks of the commander that hosts it. */
export interface BotDesk {
  /** Who placed an order (or opened the position with that id): a bot's index, or undefined. */
  ownerOf(orderOrPositionId: number): number | undefined;
  /** An entry of bot `bot`: refused (undefined, with the reason logged) or placed, sized by the governor. */
  enter(bot: number, request: OrderRequest): Order | undefined;
}

/**
 * One bot's context on the shared account: market data, time, sessions and regime are the run's;
 * positions and pending orders are only the bot's own (a hedging account keeps them apart), its
 * exits act on its own positions only, and its entries go through the commander's desk. Reused
 * for every bar: reading `position` or `pendingOrders` refills arrays kept for the purpose.
 */
export class BotView implements StrategyContext {
  private readonly own: Position[] = [];
  private readonly orders: Order[] = [];
  private readonly summary: { side: 1 | -1 | 0; lots: Lots; open: readonly Position[] } = {
    side: 0,
    lots: 0,
    open: this.own,
  };

  constructor(
    private readonly ctx: StrategyContext,
    private readonly bot: number,
    private readonly desk: BotDesk,
    readonly params: ParamValues,
    readonly log: StrategyLog,
  ) {}

  get instrument(): Instrument {
    return this.ctx.instrument;
  }
  get bars() {
    return this.ctx.bars;
  }
  series(values: Float64Array): Series {
    return this.ctx.series(values);
  }
  get time() {
    return this.ctx.time;
  }
  get open() {
    return this.ctx.open;
  }
  get high() {
    return this.ctx.high;
  }
  get low() {
    return this.ctx.low;
  }
  get close() {
    return this.ctx.close;
  }
  get volume() {
    return this.ctx.volume;
  }
  get spread() {
    return this.ctx.spread;
  }
  get index(): number {
    return this.ctx.index;
  }
  get now(): number {
    return this.ctx.now;
  }
  get bid(): number {
    return this.ctx.bid;
  }
  get ask(): number {
    return this.ctx.ask;
  }
  /** The account's balance and equity: the bots share one account. */
  get balance(): number {
    return this.ctx.balance;
  }
  get equity(): number {
    return this.ctx.equity;
  }
  inSession(id: string): boolean {
    return this.ctx.inSession(id);
  }
  get session(): string {
    return this.ctx.session;
  }
  get regime(): Regime {
    return this.ctx.regime;
  }
  pips(pips: number): number {
    return this.ctx.pips(pips);
  }

  get position(): PositionSummary {
    const own = this.own;
    own.length = 0;
    let net = 0;
    for (const p of this.ctx.position.open) {
      if (this.desk.ownerOf(p.id) !== this.bot) continue;
      own.push(p);
      net += p.side * p.lots;
    }
    this.summary.side = net > 1e-9 ? 1 : net < -1e-9 ? -1 : 0;
    this.summary.lots = Math.abs(net);
    return this.summary;
  }

  get pendingOrders(): readonly Order[] {
    const orders = this.orders;
    orders.length = 0;
    for (const o of this.ctx.pendingOrders) {
      if (this.desk.ownerOf(o.closes ? o.closes.positionId : o.id) === this.bot) orders.push(o);
    }
    return orders;
  }

  buy(options: EntryOptions = {}): Order | undefined {
    return this.desk.enter(this.bot, { ...options, side: 1 });
  }
  sell(options: EntryOptions = {}): Order | undefined {
    return this.desk.enter(this.bot, { ...options, side: -1 });
  }
  order(request: OrderRequest): Order | undefined {
    return this.desk.enter(this.bot, request);
  }
  closePositions(lots?: Lots): void {
    for (const p of this.position.open) this.ctx.closePosition(p.id, lots);
  }
  closePosition(positionId: number, lots?: Lots): boolean {
    return this.desk.ownerOf(positionId) === this.bot && this.ctx.closePosition(positionId, lots);
  }
  reverse(options: EntryOptions = {}): Order | undefined {
    const side = this.position.side;
    if (side === 0) return undefined;
    this.closePositions();
    return this.desk.enter(this.bot, { ...options, side: side === 1 ? -1 : 1 });
  }
  cancel(orderId: number): boolean {
    return this.desk.ownerOf(orderId) === this.bot && this.ctx.cancel(orderId);
  }
}
