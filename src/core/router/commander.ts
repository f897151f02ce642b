import {
  type BacktestInput,
  type BacktestResult,
  type EngineHost,
  reportRunError,
  runBacktest,
} from "../engine/backtest.ts";
import { makeQuoteToAccount } from "../engine/money.ts";
import type { Order, OrderRequest, Trade } from "../engine/orders.ts";
import { PipscopeError } from "../errors.ts";
import { formatIsoUtc } from "../format.ts";
import type { Strategy, StrategyContext, StrategyLog } from "../strategy/api.ts";
import { atr } from "../strategy/indicators/oscillators.ts";
import type { ParamValues } from "../strategy/params.ts";
import { createStrategy } from "../strategy/registry.ts";
import { type Money, MS_PER_DAY } from "../units.ts";
import { type Bot, manifestSchema } from "./bot.ts";
import type { BotRun } from "./bot-run.ts";
import { type BotDesk, BotView } from "./bot-view.ts";
import { CircuitBreaker } from "./breaker.ts";
import { BotGate, type RouterColumns } from "./eligibility.ts";
import {
  DEFAULT_GOVERNOR,
  describeRisk,
  type Edge,
  type GovernorConfig,
  riskForEdge,
  trailingEdge,
} from "./governor.ts";
import { detectRegimes, type Regime } from "./regime.ts";

/** How the commander runs a team (all optional). */
export interface CommanderOptions {
  /**
   * N: bots that may open trades on the same bar. Bots bid in order of score; once N bots have
   * entered on a bar, the others are outbid until the next. Default 2.
   */
  maxBidders?: number;
  /** Portfolio rules of the governor (exposure cap, prior, window); each bot's manifest sets its Kelly cap and risk cap. */
  governor?: Partial<GovernorConfig>;
  /**
   * Assumed stop distance, in ATR(14) of the bar, for sizing an entry that states no stop (an MA
   * cross exits on the opposite cross): the governor risks its fraction of equity on a move of
   * this many average ranges (the "N" sizing of the Turtle rules). Default 2.
   */
  assumedStopAtr?: number;
}

/** A bot and the strategy instance it runs. */
export interface TeamMember {
  bot: Bot;
  instance: Strategy;
  params: ParamValues;
}

/** A portfolio run's result: the account's, plus each bot's share (the Bots page's "last run"). */
export interface PortfolioResult extends BacktestResult {
  bots: BotRun[];
}

/** MT5's usual volume step, 0.01 lot (the broker's risk sizing rounds the same way). */
const LOT_STEP = 0.01;
const STEPS_PER_LOT = 100;
const ATR_PERIOD = 14;

/** One bot at the desk: its gate, breaker, record and what was refused. */
interface Seat {
  member: TeamMember;
  gate: BotGate;
  breaker: CircuitBreaker;
  governor: GovernorConfig;
  view?: BotView;
  /** Net P&L of its closed trades, oldest first (account currency). */
  pnls: number[];
  /** Its trailing edge, re-estimated when one of its trades closes; the full Kelly is its score. */
  edge: Edge;
  refused: Map<string, number>;
  /** The row it last entered on. */
  enteredAt: number;
  /** Its breaker tripped during this bar: cancel its pending entries at the bar's end. */
  cancelEntries: boolean;
  refusedCount: number;
}

/**
 * The commander (SPEC §5, issue 8 point 4): several bots on one account, as one strategy the
 * engine runs — so a portfolio backtest is an ordinary run (same broker, costs, events, metrics).
 *
 * On each bar the bots act in order of their score — the full Kelly fraction of their trailing
 * record shrunk toward the governor's prior (governor.ts `trailingEdge`), ties in team order —
 * so the best-scored bots bid first. An entry (buy, sell, order, reverse) is an auction bid:
 * 1. refused when the bot is not eligible on the bar (eligibility.ts: session, time window,
 *    regime, news kill zone, circuit breaker), the log naming why;
 * 2. refused when `maxBidders` other bots already entered on this bar ("outbid");
 * 3. sized by the governor: capped Kelly from the bot's record, at most its manifest's risk per
 *    trade and what the portfolio exposure cap leaves; the lots risk that fraction of equity on
 *    the stop distance (the order's stop, else `assumedStopAtr` × ATR). Lots the bot asked for
 *    are replaced: the governor sizes every entry. A bot whose record shows no edge (Kelly ≤ 0)
 *    trades on probation at the smallest size (0.01 lot) while the exposure cap has room — were
 *    it refused outright its record could never change, and it would sit out for good.
 * Exits are never refused. On a hedging account each bot sees and closes only its own positions.
 * A bot whose breaker trips has its pending entries cancelled at the end of that bar.
 * Bots that sit out news are flattened on a kill zone's last row when the zones say `flatten`.
 */
export class Commander implements Strategy, BotDesk {
  private readonly seats: Seat[];
  private readonly ranking: number[];
  private readonly owner = new Map<number, number>();
  /** Money at risk of each open entry (order id = position id), for the exposure cap. */
  private readonly riskMoney = new Map<number, Money>();
  /** Bots that entered on the current bar. */
  private enteredCount = 0;
  private readonly maxBidders: number;
  private readonly stopAtr: number;
  private readonly toAccount: (amount: number, price: number) => Money;
  private ctx?: StrategyContext;
  private atr: Float64Array = new Float64Array(0);
  private dayOfBar = Number.NaN;
  private nextRollover = 0;
  /** A score changed since the bots were last ranked. */
  private rankStale = false;

  constructor(
    team: readonly TeamMember[],
    private readonly input: BacktestInput,
    private readonly columns: RouterColumns,
    private readonly log: (message: string, time: number) => void,
    options: CommanderOptions = {},
  ) {
    this.maxBidders = options.maxBidders ?? 2;
    this.stopAtr = options.assumedStopAtr ?? 2;
    this.toAccount = makeQuoteToAccount(input.instrument, input.account.currency, input.quoteToAccount);
    const portfolio = { ...DEFAULT_GOVERNOR, ...options.governor };
    this.seats = team.map((member) => {
      const { manifest } = member.bot;
      const governor = {
        ...portfolio,
        kellyCap: manifest.kelly_cap,
        maxRiskPerTrade: manifest.max_risk_per_trade_pct / 100,
      };
      return {
        member,
        gate: new BotGate(manifest, columns),
        breaker: new CircuitBreaker(manifest.circuit_breaker, input.account.initialBalance),
        governor,
        pnls: [],
        edge: trailingEdge([], governor),
        refused: new Map(),
        refusedCount: 0,
        enteredAt: -1,
        cancelEntries: false,
      };
    });
    this.ranking = this.seats.map((_, i) => i);
  }

  init(ctx: StrategyContext): void {
    this.ctx = ctx;
    const team = this.seats.map((seat) => seat.member.bot.id).join(", ");
    const cap = (this.seats[0]?.governor.maxPortfolioRisk ?? DEFAULT_GOVERNOR.maxPortfolioRisk) * 100;
    this.log(`team: ${team}; at most ${this.maxBidders} bidder(s) a bar, ${cap}% of equity at risk in all`, ctx.now);
    // The engine no longer sees the kill zones (each bot decides): say here what they are.
    if (this.columns.killZones) this.log(this.columns.killZones.summary, ctx.now);
    const { high, low, close } = ctx.bars;
    this.atr = atr(high, low, close, ATR_PERIOD);
    this.seats.forEach((seat, i) => {
      const { bot, instance, params } = seat.member;
      seat.view = new BotView(ctx, i, this, params, prefixedLog(ctx.log, bot.id));
      instance.init?.(seat.view);
    });
  }

  onBar(ctx: StrategyContext): void {
    this.beginBar(ctx);
    for (const i of this.ranking) this.seats[i].member.instance.onBar?.(this.seats[i].view as BotView);
    this.endBar(ctx);
  }

  onTick(ctx: StrategyContext): void {
    this.beginBar(ctx);
    for (const i of this.ranking) this.seats[i].member.instance.onTick?.(this.seats[i].view as BotView);
    this.endBar(ctx);
  }

  ownerOf(id: number): number | undefined {
    return this.owner.get(id);
  }

  enter(bot: number, request: OrderRequest): Order | undefined {
    const ctx = this.ctx as StrategyContext;
    const seat = this.seats[bot];
    const reason = seat.gate.skipReason(ctx.index, seat.breaker);
    if (reason !== undefined) return this.refuse(seat, reason);
    const first = seat.enteredAt !== ctx.index;
    if (first && this.enteredCount >= this.maxBidders)
      return this.refuse(
        seat,
        `outbid: ${this.enteredCount} higher-scored bot(s) entered on this bar (top ${this.maxBidders})`,
      );
    const equity = ctx.equity;
    const openRisk = this.openRisk(ctx) / equity;
    const decision = riskForEdge(seat.edge, openRisk, seat.governor);
    // No edge: on probation at the smallest size, so its record can show whether the edge is back.
    const probation = decision.limit === "no_edge" && openRisk < seat.governor.maxPortfolioRisk;
    if (decision.risk <= 0 && !probation) return this.refuse(seat, describeRisk(decision, seat.governor));
    const price =
      request.type && request.type !== "market"
        ? (request.price ?? Number.NaN)
        : request.side === 1
          ? ctx.ask
          : ctx.bid;
    if (!Number.isFinite(price)) return this.refuse(seat, `a ${request.type} order needs a price`);
    const distance = this.stopDistance(ctx, request, price);
    if (!(distance > 0)) return this.refuse(seat, "no stop and no ATR yet to size the entry");
    const lossPerLot = this.toAccount(distance * ctx.instrument.contractSize, price);
    const money = decision.risk * equity;
    // Whole steps, divided rather than multiplied back so 190 steps are 1.9 lots, not 1.9000000000000001.
    const lots = probation ? LOT_STEP : Math.floor((money / lossPerLot) * STEPS_PER_LOT + 1e-9) / STEPS_PER_LOT;
    if (!(lots >= LOT_STEP))
      return this.refuse(seat, `${describeRisk(decision, seat.governor)} is less than ${LOT_STEP} lots`);
    const placed = ctx.order({ ...request, lots });
    if (!placed) return undefined;
    this.owner.set(placed.id, bot);
    this.riskMoney.set(placed.id, lots * lossPerLot);
    if (first) {
      seat.enteredAt = ctx.index;
      this.enteredCount++;
    }
    const sized = probation ? "on probation" : "";
    this.log(
      `${seat.member.bot.id}: ${describeRisk(decision, seat.governor)} → ${lots.toFixed(2)} lots${sized && ` (${sized})`}`,
      ctx.now,
    );
    return placed;
  }

  /** A trade closed (the run's `trade` event): it joins its bot's record and breaker. */
  tradeClosed(trade: Trade): void {
    const bot = this.owner.get(trade.positionId);
    if (bot === undefined) return;
    const seat = this.seats[bot];
    seat.pnls.push(trade.pnl);
    seat.edge = trailingEdge(seat.pnls, seat.governor);
    this.rankStale = true;
    const wasStopped = seat.breaker.reasonAt(trade.exitTime) !== undefined;
    seat.breaker.recordTrade(trade.pnl, trade.exitTime);
    const stopped = seat.breaker.reasonAt(trade.exitTime);
    if (!wasStopped && stopped !== undefined) {
      const until = seat.breaker.state(trade.exitTime).until;
      this.log(
        `${seat.member.bot.id}: ${stopped}; no entries ${Number.isFinite(until) ? `until ${formatIsoUtc(until).slice(0, 16).replace("T", " ")} UTC` : "until the next FX day"}`,
        trade.exitTime,
      );
      // Its pending entries go too, at the end of this bar: the broker is mid-fill here.
      seat.cancelEntries = true;
    }
  }

  /** Each bot's share of the run, for the Bots page and storage. */
  report(label: string, at: number, endTime: number): BotRun[] {
    return this.seats.map((seat) => {
      let net = 0;
      let peak = 0;
      let drawdown = 0;
      let wins = 0;
      for (const pnl of seat.pnls) {
        net += pnl;
        if (pnl > 0) wins++;
        peak = Math.max(peak, net);
        drawdown = Math.max(drawdown, peak - net);
      }
      let topSkip = "";
      let most = 0;
      for (const [reason, count] of seat.refused) {
        if (count > most) {
          most = count;
          topSkip = reason;
        }
      }
      const state = seat.breaker.state(endTime);
      return {
        bot_id: seat.member.bot.id,
        at,
        label,
        trades: seat.pnls.length,
        win_rate: seat.pnls.length ? wins / seat.pnls.length : null,
        net_profit: net,
        max_drawdown: drawdown,
        blocked_entries: seat.refusedCount,
        top_skip: topSkip,
        breaker: {
          reason: state.reason,
          consecutive_losses: state.consecutiveLosses,
          day_loss_pct: state.dayLossPct,
        },
      };
    });
  }

  /** A new FX day resets the daily losses; the bots bid in order of score. */
  private beginBar(ctx: StrategyContext): void {
    this.enteredCount = 0;
    if (this.newDay(ctx.now)) for (const seat of this.seats) seat.breaker.newDay(ctx.balance);
    if (!this.rankStale) return;
    this.rankStale = false;
    // Insertion sort of a handful of bots: stable (ties keep team order), allocation-free.
    const { ranking: order, seats } = this;
    for (let k = 1; k < order.length; k++) {
      const i = order[k];
      let j = k - 1;
      while (
        j >= 0 &&
        (seats[order[j]].edge.kelly < seats[i].edge.kelly ||
          (seats[order[j]].edge.kelly === seats[i].edge.kelly && order[j] > i))
      ) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = i;
    }
  }

  /** Bots that sit out news are flat on a kill zone's last row when the zones say `flatten`. */
  private endBar(ctx: StrategyContext): void {
    for (const seat of this.seats) {
      if (!seat.cancelEntries) continue;
      seat.cancelEntries = false;
      const cancelled = this.cancelEntries(ctx, seat);
      if (cancelled > 0)
        this.log(
          `${seat.member.bot.id}: ${cancelled} pending entr${cancelled === 1 ? "y" : "ies"} cancelled by the breaker`,
          ctx.now,
        );
    }
    const zones = this.columns.killZones;
    if (!zones?.flatten || zones.mask[ctx.index] === 0) return;
    for (const seat of this.seats) {
      if (!seat.member.bot.manifest.avoid_news) continue;
      const view = seat.view as BotView;
      const cancelled = this.cancelEntries(ctx, seat);
      const positions = view.position.open.length;
      if (cancelled === 0 && positions === 0) continue;
      view.closePositions();
      this.log(`${seat.member.bot.id}: flattening before ${zones.reasonAt(ctx.index)}`, ctx.now);
    }
  }

  /** Cancels a bot's pending entry orders; returns how many. */
  private cancelEntries(ctx: StrategyContext, seat: Seat): number {
    const entries = (seat.view as BotView).pendingOrders.filter((o) => !o.closes);
    for (const o of entries) ctx.cancel(o.id);
    return entries.length;
  }

  /** Whether `time` starts a new FX day: past a rollover (17:00 New York) or, without them, a UTC midnight. */
  private newDay(time: number): boolean {
    const rollovers = this.input.rollovers;
    if (rollovers) {
      let passed = false;
      while (this.nextRollover < rollovers.time.length && rollovers.time[this.nextRollover] <= time) {
        this.nextRollover++;
        passed = true;
      }
      return passed;
    }
    const day = Math.floor(time / MS_PER_DAY);
    const changed = day !== this.dayOfBar && !Number.isNaN(this.dayOfBar);
    this.dayOfBar = day;
    return changed;
  }

  /** Money at risk in the portfolio's open positions and pending entries. */
  private openRisk(ctx: StrategyContext): Money {
    let money = 0;
    for (const p of ctx.position.open) money += this.riskMoney.get(p.id) ?? 0;
    for (const o of ctx.pendingOrders) if (!o.closes) money += this.riskMoney.get(o.id) ?? 0;
    return money;
  }

  /** Price distance to the entry's stop: its stop, stop in pips or trailing distance, else assumedStopAtr × ATR. */
  private stopDistance(ctx: StrategyContext, request: OrderRequest, price: number): number {
    if (request.sl !== undefined) return Math.abs(price - request.sl);
    if (request.slPips !== undefined) return ctx.pips(request.slPips);
    if (request.trailingPips !== undefined) return ctx.pips(request.trailingPips);
    return this.stopAtr * this.atr[ctx.index];
  }

  private refuse(seat: Seat, reason: string): undefined {
    seat.refusedCount++;
    seat.refused.set(reason, (seat.refused.get(reason) ?? 0) + 1);
    this.log(`${seat.member.bot.id}: entry refused — ${reason}`, (this.ctx as StrategyContext).now);
    return undefined;
  }
}

function prefixedLog(log: StrategyLog, id: string): StrategyLog {
  return {
    debug: (message) => log.debug(`[${id}] ${message}`),
    info: (message) => log.info(`[${id}] ${message}`),
    warn: (message) => log.warn(`[${id}] ${message}`),
    error: (message) => log.error(`[${id}] ${message}`),
  };
}

/** The bots' strategies, created from their ids and parameters (a user strategy from its source). */
export function teamOf(bots: readonly Bot[]): TeamMember[] {
  return bots
    .filter((bot) => bot.enabled)
    .map((bot) => {
      const { instance, params } = createStrategy(bot.strategy.id, bot.strategy.parameters, bot.strategy.source);
      return { bot, instance, params };
    });
}

/**
 * The regimes a lone built-in strategy is let trade in by the `spiced` router (SPEC §5: spiced is
 * gated by the regime detector): trend followers in trends, the Bollinger breakout in trends and
 * volatility bursts, mean reversion in ranges — where each style is meant to have its edge (e.g.
 * Kaufman, "Trading Systems and Methods", ch. on trend and mean-reversion systems). Session-range
 * breakouts carry their own time rules; others, and user strategies, trade in every regime.
 */
export const LONE_STRATEGY_REGIMES: Readonly<Record<string, readonly Regime[]>> = {
  ma_cross: ["TREND_UP", "TREND_DOWN"],
  bollinger_breakout: ["TREND_UP", "TREND_DOWN", "HIGH_VOL"],
  rsi_reversion: ["RANGE"],
};

/**
 * A run's own strategy as a one-bot team (the `spiced` variant of a single strategy): the default
 * manifest (1 % risk cap, quarter Kelly, breaker 3 losses / 3 % a day, sits out news) with the
 * regimes of LONE_STRATEGY_REGIMES.
 */
export function soloTeam(input: BacktestInput): TeamMember[] {
  const { id, params, instance } = input.strategy;
  const bot: Bot = {
    id:
      id
        .toLowerCase()
        .replace(/[^a-z0-9_-]/g, "-")
        .slice(0, 64) || "strategy",
    enabled: true,
    strategy: { id, parameters: params },
    manifest: manifestSchema.parse({ name: id, regimes: LONE_STRATEGY_REGIMES[id] ?? [] }),
  };
  return [{ bot, instance, params }];
}

/**
 * A portfolio backtest (SPEC §5): the team's bots trade one account through the commander, as one
 * ordinary engine run of `input`'s data, account, costs and options (its own strategy is
 * replaced by the commander; its news kill zones become the bots' — each bot with `avoid_news`
 * sits them out). The log (module "router") says why each refused entry was refused.
 *
 * Used by the `spiced` variants: `spicedRunner(bots)` adapts it to the variants' RunVariant.
 * Needs a hedging account (bots' positions must stay apart) and at least one enabled bot; a team
 * the run cannot host rejects with a PipscopeError after a `backtest_error` event, as a run does.
 */
export async function runPortfolio(
  input: BacktestInput,
  team: readonly TeamMember[],
  host: EngineHost,
  options: CommanderOptions = {},
): Promise<PortfolioResult> {
  let commander: Commander;
  let regime: Uint8Array | undefined;
  try {
    ({ commander, regime } = seatTeam(input, team, host, options));
  } catch (error) {
    const failure =
      error instanceof PipscopeError ? error : new PipscopeError("ROUTER_FAILED", (error as Error).message);
    reportRunError(host, input.backtestId, failure);
    throw failure;
  }
  const runHost: EngineHost = {
    wallNow: () => host.wallNow(),
    yield: () => host.yield(),
    sleep: (ms) => host.sleep(ms),
    cancelled: () => host.cancelled(),
    emit: (type, data) => host.emit(type, data),
    trade(fact, context) {
      if (fact.action === "close") commander.tradeClosed(fact.log.at(fact.index));
      host.trade(fact, context);
    },
  };
  const solo = team.length === 1 ? team[0] : undefined;
  const result = await runBacktest(
    {
      ...input,
      strategy: solo
        ? { id: solo.bot.strategy.id, params: solo.params, instance: commander }
        : { id: "portfolio", params: { bots: team.map((m) => m.bot.id).join(",") }, instance: commander },
      regime,
      killZones: undefined,
    },
    runHost,
  );
  const label = `${result.symbol} ${result.timeframe} ${formatIsoUtc(result.start).slice(0, 10)} → ${formatIsoUtc(result.end).slice(0, 10)}`;
  return { ...result, sizing: { mode: "governor" }, bots: commander.report(label, host.wallNow(), result.end) };
}

/** Checks the team against the run and seats it: the commander, its log, the regime column if needed. */
function seatTeam(input: BacktestInput, team: readonly TeamMember[], host: EngineHost, options: CommanderOptions) {
  if (team.length === 0) throw new PipscopeError("ROUTER_NO_BOTS", "a portfolio needs at least one enabled bot");
  if (input.account.mode !== "hedging")
    throw new PipscopeError(
      "ROUTER_NETTING",
      "a portfolio runs on a hedging account: on a netting account the bots' positions would net against each other",
      { field: "account.mode" },
    );
  const rows = input.timeframe === "ticks" ? input.ticks : input.bars;
  if (!rows) throw new PipscopeError("ENGINE_NO_DATA", `no ${input.timeframe === "ticks" ? "ticks" : "bars"} given`);
  const wantsRegimes = team.some((member) => member.bot.manifest.regimes.length > 0);
  const regime = input.regime ?? (wantsRegimes && input.bars ? detectRegimes(input.bars) : undefined);
  const columns: RouterColumns = { time: rows.time, sessions: input.sessions, regime, killZones: input.killZones };
  // Lines of one bar share their instants: format each once.
  const iso = { wall: Number.NaN, wallText: "", sim: Number.NaN, simText: "" };
  const log = (message: string, time: number) => {
    const wall = Math.floor(host.wallNow());
    if (wall !== iso.wall) {
      iso.wall = wall;
      iso.wallText = formatIsoUtc(wall);
    }
    if (time !== iso.sim) {
      iso.sim = time;
      iso.simText = formatIsoUtc(time);
    }
    host.emit("log_entry", {
      backtest_id: input.backtestId,
      timestamp: iso.wallText,
      sim_time: iso.simText,
      level: "INFO",
      message,
      module: "router",
      logger_name: "pipscope.router",
    });
  };
  return { commander: new Commander(team, input, columns, log, options), regime };
}

/**
 * The `spiced` runner of the variants (core/engine/variants.ts `VariantRunners.spiced`): the
 * enabled `bots` as a team, or — with none — the run's own strategy as a one-bot team with the
 * default manifest, through `runPortfolio`.
 */
export function spicedRunner(
  bots: readonly Bot[] = [],
  options: CommanderOptions = {},
): (input: BacktestInput, host: EngineHost) => Promise<PortfolioResult> {
  return (input, host) => runPortfolio(input, bots.length ? teamOf(bots) : soloTeam(input), host, options);
}
