import type { BarColumns, Instrument } from "../data/types.ts";
import { PipscopeError } from "../errors.ts";
import type { KillZoneColumn } from "../router/kill-zones.ts";
import { detectRegimes, REGIMES, type Regime } from "../router/regime.ts";
import type { EntryOptions, PositionSummary, StrategyContext, StrategyLog } from "../strategy/api.ts";
import type { ParamValues } from "../strategy/params.ts";
import { type Cursor, Series } from "../strategy/series.ts";
import type { SessionColumns } from "../time/index.ts";
import type { Lots, Pips } from "../units.ts";
import type { Broker } from "./broker.ts";
import type { OrderRequest } from "./orders.ts";

export type { SessionColumns } from "../time/index.ts";

/**
 * The one context object of a run: reused for every bar (no allocation per bar); its cursor
 * moves, and every Series reads through the cursor.
 */
export class RunContext implements StrategyContext {
  readonly cursor: Cursor = { index: 0 };
  readonly time: Series;
  readonly open: Series;
  readonly high: Series;
  readonly low: Series;
  readonly close: Series;
  readonly volume: Series;
  readonly spread: Series;
  /** Bits of the sessions the strategy asked about, so the loop logs their opening and closing. */
  watchedSessions = 0;
  private initializing = true;
  private readonly summary: { side: 1 | -1 | 0; lots: Lots; open: PositionSummary["open"] };

  constructor(
    private readonly all: BarColumns,
    readonly instrument: Instrument,
    readonly params: ParamValues,
    private readonly broker: Broker,
    readonly log: StrategyLog,
    private readonly sessions: SessionColumns | undefined,
    sessionsFilter?: readonly string[],
    private regimes?: Uint8Array,
    private readonly killZones?: KillZoneColumn,
  ) {
    this.time = this.series(all.time);
    this.open = this.series(all.open);
    this.high = this.series(all.high);
    this.low = this.series(all.low);
    this.close = this.series(all.close);
    this.volume = this.series(all.tickVolume);
    this.spread = this.series(all.spread);
    this.summary = { side: 0, lots: 0, open: broker.positions };
    if (sessionsFilter?.length) {
      if (!sessions) throw new PipscopeError("ENGINE_NO_SESSIONS", "a sessions filter needs session labels");
      for (const id of sessionsFilter) this.filterBits |= 1 << this.sessionBit(id);
      this.filterText = sessionsFilter.join(", ");
    }
  }

  /** Bits of the sessions entries are allowed in (0: no filter). */
  private filterBits = 0;
  private filterText = "";

  private sessionBit(id: string): number {
    const bit = (this.sessions as SessionColumns).ids.indexOf(id);
    if (bit < 0) {
      throw new PipscopeError(
        "STRATEGY_UNKNOWN_SESSION",
        `unknown session '${id}': one of ${(this.sessions as SessionColumns).ids.join(", ")}`,
      );
    }
    return bit;
  }

  /** Entries inside a news kill zone or outside the sessions filter are skipped, and the log says why. */
  private allowedEntry(): boolean {
    const index = this.cursor.index;
    if (this.killZones && this.killZones.mask[index] !== 0) {
      this.log.info(`entry skipped: ${this.killZones.reasonAt(index)}`);
      return false;
    }
    if (this.filterBits === 0 || (this.sessions as SessionColumns).mask[index] & this.filterBits) return true;
    this.log.info(`entry skipped: outside sessions ${this.filterText}`);
    return false;
  }

  /** Ends `init`: from now on `bars` would be look-ahead. */
  sealed(): void {
    this.initializing = false;
  }

  get bars(): BarColumns {
    if (!this.initializing) {
      throw new PipscopeError(
        "STRATEGY_LOOKAHEAD",
        "ctx.bars is readable only in init(): use ctx.close.get(ago) and indicators declared in init",
      );
    }
    return this.all;
  }

  series(values: Float64Array): Series {
    return new Series(values, this.cursor);
  }

  get index(): number {
    return this.cursor.index;
  }
  get now(): number {
    return this.all.time[this.cursor.index];
  }
  get bid(): number {
    return this.broker.bid;
  }
  get ask(): number {
    return this.broker.ask;
  }
  get balance(): number {
    return this.broker.balance;
  }
  get equity(): number {
    return this.broker.equity();
  }
  get pendingOrders() {
    return this.broker.orders;
  }

  get position(): PositionSummary {
    let net = 0;
    for (const p of this.broker.positions) net += p.side * p.lots;
    this.summary.side = net > 1e-9 ? 1 : net < -1e-9 ? -1 : 0;
    this.summary.lots = Math.abs(net);
    return this.summary;
  }

  inSession(id: string): boolean {
    if (!this.sessions) return false;
    const bit = this.sessions.ids.indexOf(id);
    if (bit < 0)
      throw new PipscopeError(
        "STRATEGY_UNKNOWN_SESSION",
        `unknown session '${id}': one of ${this.sessions.ids.join(", ")}`,
      );
    this.watchedSessions |= 1 << bit;
    return (this.sessions.mask[this.cursor.index] & (1 << bit)) !== 0;
  }

  get session(): string {
    return this.sessions ? this.sessions.labels[this.sessions.primary[this.cursor.index]] : "";
  }

  /** Detected once, on first read, when the run was given no regime column. */
  get regime(): Regime {
    this.regimes ??= detectRegimes(this.all);
    return REGIMES[this.regimes[this.cursor.index]];
  }

  pips(pips: Pips): number {
    return pips * this.instrument.pipSize;
  }

  buy(options: EntryOptions = {}) {
    return this.allowedEntry() ? this.broker.submit(options, 1) : undefined;
  }
  sell(options: EntryOptions = {}) {
    return this.allowedEntry() ? this.broker.submit(options, -1) : undefined;
  }
  order(request: OrderRequest) {
    return this.allowedEntry() ? this.broker.submit(request, request.side) : undefined;
  }
  closePositions(lots?: Lots): void {
    this.broker.close(-1, lots ?? Number.NaN, "signal");
  }
  closePosition(positionId: number, lots?: Lots): boolean {
    if (!this.broker.positions.some((p) => p.id === positionId)) return false;
    this.broker.close(positionId, lots ?? Number.NaN, "signal");
    return true;
  }
  reverse(options: EntryOptions = {}) {
    const side = this.position.side;
    if (side === 0) return undefined;
    this.broker.close(-1, Number.NaN, "reverse");
    return this.allowedEntry() ? this.broker.submit(options, side === 1 ? -1 : 1) : undefined;
  }
  cancel(orderId: number): boolean {
    return this.broker.cancel(orderId);
  }
}
