import type { DataOrigin } from "../data/origin.ts";
import type { BarColumns, Instrument, TickColumns } from "../data/types.ts";
import { PipscopeError } from "../errors.ts";
import { formatFixed, formatIsoUtc } from "../format.ts";
import type { BacktestEventData, BacktestEventType } from "../protocol/backtest.ts";
import type { KillZoneColumn } from "../router/kill-zones.ts";
import type { Strategy } from "../strategy/api.ts";
import type { ParamValues } from "../strategy/params.ts";
import { fxTradingDate } from "../time/index.ts";
import type { UtcMs } from "../units.ts";
import { type Breakdowns, computeBreakdowns } from "./breakdowns.ts";
import { Broker, type LogLevel } from "./broker.ts";
import { RunContext, type SessionColumns } from "./context.ts";
import { type Curve, downsampleCurve } from "./curves.ts";
import { fingerprint, type RunData } from "./fingerprint.ts";
import { computeMetrics, type Metrics } from "./metrics.ts";
import { makeQuoteToAccount } from "./money.ts";
import type { Ruin, Trade } from "./orders.ts";
import type { AccountSpec, CostSpec, EngineOptions, RunSizing, SizingSpec } from "./spec.ts";
import type { TradeFact, TradeLineContext } from "./trade-events.ts";

/** Everything one run needs, already loaded and validated (see `core/config` for the file form). */
export interface BacktestInput {
  backtestId: string;
  variant: string;
  strategy: { id: string; params: ParamValues; instance: Strategy };
  instrument: Instrument;
  /** "M1" … "MN1", or "ticks" for tick mode. */
  timeframe: string;
  /** Bar mode: the bars, warm-up history first. Ignored in tick mode. */
  bars?: BarColumns;
  /** Tick mode: the ticks, warm-up first. */
  ticks?: TickColumns;
  /** First tested row; rows before it are warm-up history for indicators. */
  startIndex: number;
  /** Finer bars (e.g. M1 inside H1) to resolve the path inside each bar instead of O→L→H→C. */
  finer?: BarColumns;
  account: AccountSpec;
  costs: CostSpec;
  sizing: SizingSpec;
  options: EngineOptions;
  /** Session labels per row (from core/time), for `ctx.inSession`, trade sessions and breakdowns. */
  sessions?: SessionColumns;
  /**
   * Regime code per row (core/router/regime `detectRegimes`) for `ctx.regime`; when absent, the
   * run detects it once with the default thresholds, the first time the strategy reads it.
   */
  regime?: Uint8Array;
  /** News kill zones (core/router/kill-zones): no new entries inside them, optionally flat before. */
  killZones?: KillZoneColumn;
  /** Only open positions while one of these sessions is active (needs `sessions`). */
  sessionsFilter?: readonly string[];
  /** FX day closes (17:00 New York, Monday–Friday) and the swap days each charges (3 on Wednesday). */
  rollovers?: { time: Float64Array; days: Uint8Array };
  /** Rate from the quote to the account currency when neither is the account currency. */
  quoteToAccount?: number;
  /** 0 runs flat out; N paces the run at N× real time. */
  speedMultiplier?: number;
  /** Time spent loading the data, reported in `timings`. */
  loadMs?: number;
  /** Data description for the log and the result (rows, quality). */
  dataLabel?: string;
  /** Where the rows came from (the cache's dataset), for the result and the report. */
  origin?: DataOrigin;
  /** The range the run asked for, and what the data missed of it (core/data/coverage.ts). */
  requested?: { from: UtcMs; to: UtcMs };
  coverageGap?: string | null;
}

/** What hosts a run: wall clock, event sink, cooperative yielding and cancellation. */
export interface EngineHost {
  /** Wall-clock epoch ms (for event timestamps and throttling only, never for simulated time). */
  wallNow(): number;
  emit<T extends BacktestEventType>(type: T, data: BacktestEventData<T>): void;
  /**
   * A fill or close: the log line and trade event SPEC §6 has for it, handed over unwritten
   * (`tradeEvents` writes them). Read it before returning: an open position changes later.
   */
  trade(fact: TradeFact, context: TradeLineContext): void;
  /**
   * False when nothing reads the run's log lines (`pipscope backtest --quiet`): the engine then
   * builds none — their text is much of a run's cost. Default true.
   */
  readonly readsLogs?: boolean;
  /** Lets the host handle messages (e.g. a cancel) — a macrotask in a worker. */
  yield(): Promise<void>;
  sleep(ms: number): Promise<void>;
  cancelled(): boolean;
}

export interface BacktestResult {
  backtest_id: string;
  variant: string;
  symbol: string;
  timeframe: string;
  /** How the symbol's prices read (null in results saved before it was recorded). */
  instrument: { digits: number; pip_size: number } | null;
  strategy: { id: string; params: ParamValues };
  start: UtcMs;
  /** The last tested bar: the data's last, or the bar of the ruin that ended the test. */
  end: UtcMs;
  /** Why the test ended: the data ran out, or the account was ruined (`on_ruin: "stop"`). */
  end_reason: "end_of_data" | "ruin";
  /** When and why the account was ruined, if it was (also when `on_ruin` let the test go on). */
  ruin: Ruin | null;
  account: { currency: string; initial_balance: number; leverage: number; mode: string };
  /** How entries were sized (null: not recorded, in results saved before it was). */
  sizing: RunSizing | null;
  metrics: Metrics;
  trades: Trade[];
  curve: Curve;
  breakdowns: Breakdowns;
  timings: { load_ms: number; indicators_ms: number; loop_ms: number; total_ms: number };
  bars_processed: number;
  /** The tested data and where it came from, so a reader knows what the run ran on and a re-run can check it has the same. */
  data: RunData;
  warmup_bars: number;
}

/** Rows between progress/yield checks: small enough to stay responsive, large enough to be free. */
const CHUNK = 4096;
const PROGRESS_MS = 100;
const YIELD_MS = 50;

const iso = formatIsoUtc;

/**
 * Runs one backtest: validates the input, then `_run` loops. Emits the SPEC §6 events through
 * `host` and resolves with the full result (also carried by `backtest_complete`). A throwing
 * strategy or a cancel rejects with a PipscopeError after emitting `backtest_error`.
 */
export async function runBacktest(input: BacktestInput, host: EngineHost): Promise<BacktestResult> {
  const started = host.wallNow();
  try {
    const rows = validate(input);
    return await new Run(input, rows, host, started).execute();
  } catch (error) {
    const failure = asRunError(error);
    reportRunError(host, input.backtestId, failure);
    throw failure;
  }
}

/** Emits the `backtest_error` event of a run that failed: the failure's message and stack. */
export function reportRunError(host: Pick<EngineHost, "emit" | "wallNow">, backtestId: string, failure: Error): void {
  host.emit("backtest_error", {
    backtest_id: backtestId,
    error: failure.message,
    error_details: failure.stack ?? "",
    timestamp: iso(host.wallNow()),
  });
}

function validate(input: BacktestInput): BarColumns {
  const rows =
    input.timeframe === "ticks" ? input.ticks && ticksAsBars(input.ticks, input.instrument.point) : input.bars;
  if (!rows) throw new PipscopeError("ENGINE_NO_DATA", `no ${input.timeframe === "ticks" ? "ticks" : "bars"} given`);
  if (rows.length === 0) throw new PipscopeError("ENGINE_NO_DATA", "the data range is empty");
  if (!(input.startIndex >= 0 && input.startIndex < rows.length)) {
    throw new PipscopeError(
      "ENGINE_BAD_START",
      `start index ${input.startIndex} is outside the ${rows.length} loaded rows`,
    );
  }
  if (input.regime && input.regime.length !== rows.length) {
    throw new PipscopeError(
      "ENGINE_BAD_REGIME",
      `the regime column has ${input.regime.length} rows but the data has ${rows.length}: give one label per row`,
      { field: "regime" },
    );
  }
  if (input.killZones && input.killZones.mask.length !== rows.length) {
    throw new PipscopeError(
      "ENGINE_BAD_KILL_ZONES",
      `the kill-zone mask has ${input.killZones.mask.length} rows but the data has ${rows.length}: give one per row`,
      { field: "killZones" },
    );
  }
  return rows;
}

/** Tick mode reads ticks through the bar interface: every price series is the bid. */
function ticksAsBars(ticks: TickColumns, point: number): BarColumns {
  const spread = new Float64Array(ticks.length);
  for (let i = 0; i < ticks.length; i++) spread[i] = (ticks.ask[i] - ticks.bid[i]) / point;
  const { bid } = ticks;
  return {
    length: ticks.length,
    time: ticks.time,
    open: bid,
    high: bid,
    low: bid,
    close: bid,
    tickVolume: ticks.volume,
    volume: ticks.volume,
    spread,
  };
}

/** Keeps the strategy's own frames of a stack: everything above the engine's first frame. */
function trimStack(stack: string | undefined): string {
  if (!stack) return "";
  const lines = stack.split("\n");
  const engineAt = lines.findIndex((line, i) => i > 0 && /core[/\\]engine[/\\]/.test(line));
  return (engineAt > 0 ? lines.slice(0, engineAt) : lines).join("\n");
}

function asRunError(error: unknown): PipscopeError {
  if (error instanceof PipscopeError) return error;
  const e = error instanceof Error ? error : new Error(String(error));
  const failure = new PipscopeError("STRATEGY_ERROR", `strategy error: ${e.message}`);
  failure.stack = trimStack(e.stack);
  return failure;
}

class Run {
  private readonly broker: Broker;
  private readonly ctx: RunContext;
  private readonly tickMode: boolean;
  private readonly equity: Float64Array;
  private readonly balance: Float64Array;
  private readonly exposed: Uint8Array;
  private readonly paths = new Float64Array(4);
  private nextRollover = 0;
  private dayTrades = 0;
  private dayStartBalance: number;
  private lastSessionBits = 0;
  private finerAt = 0;
  // Several lines share a bar (fill, close, strategy): format each instant once.
  private simIsoAt = Number.NaN;
  private simIso = "";
  private wallIsoAt = Number.NaN;
  private wallIso = "";
  private seqBars = 0;
  private ruinLogged = false;
  private readonly readsLogs: boolean;
  private readonly loggerNames = new Map<string, string>();
  private readonly tradeContext: TradeLineContext;

  constructor(
    private readonly input: BacktestInput,
    private readonly rows: BarColumns,
    private readonly host: EngineHost,
    private readonly startedAt: number,
  ) {
    this.tickMode = input.timeframe === "ticks";
    this.readsLogs = host.readsLogs !== false;
    this.tradeContext = {
      backtestId: input.backtestId,
      symbol: input.instrument.symbol,
      digits: input.instrument.digits,
      currency: input.account.currency,
    };
    const tested = rows.length - input.startIndex;
    this.equity = new Float64Array(tested);
    this.balance = new Float64Array(tested);
    this.exposed = new Uint8Array(tested);
    const toAccount = makeQuoteToAccount(input.instrument, input.account.currency, input.quoteToAccount);
    this.broker = new Broker({
      instrument: input.instrument,
      account: input.account,
      costs: input.costs,
      sizing: input.sizing,
      toAccount,
      log: (level, message, module) => this.log(level, message, module),
      onTrade: (fact) => this.onTrade(fact),
      sessionAt: (index) => (input.sessions ? input.sessions.labels[input.sessions.primary[index]] : ""),
    });
    const strategyLog = (level: LogLevel) => (message: string) => this.log(level, String(message), "strategy");
    this.ctx = new RunContext(
      rows,
      input.instrument,
      input.strategy.params,
      this.broker,
      {
        debug: strategyLog("DEBUG"),
        info: strategyLog("INFO"),
        warn: strategyLog("WARNING"),
        error: strategyLog("ERROR"),
      },
      input.sessions,
      input.sessionsFilter,
      input.regime,
      input.killZones,
    );
    this.dayStartBalance = input.account.initialBalance;
  }

  async execute(): Promise<BacktestResult> {
    const { input, rows, host } = this;
    const start = input.startIndex;
    host.emit("backtest_start", {
      backtest_id: input.backtestId,
      variant: input.variant,
      symbol: input.instrument.symbol,
      timeframe: input.timeframe,
      start_date: iso(rows.time[start]),
      end_date: iso(rows.time[rows.length - 1]),
      timestamp: iso(host.wallNow()),
    });
    this.broker.time = rows.time[start];
    this.log(
      "INFO",
      `data loaded: ${rows.length} ${this.tickMode ? "ticks" : `${input.timeframe} bars`} of ${input.instrument.symbol}, ${iso(rows.time[0])} → ${iso(rows.time[rows.length - 1])}${input.dataLabel ? ` (${input.dataLabel})` : ""}`,
      "engine",
    );
    const indicatorsStarted = host.wallNow();
    this.ctx.cursor.index = start;
    input.strategy.instance.init?.(this.ctx);
    this.ctx.sealed();
    const indicatorsMs = host.wallNow() - indicatorsStarted;
    this.log(
      "INFO",
      start > 0
        ? `warm-up: ${start} rows of history before ${iso(rows.time[start])}; indicators ready (${indicatorsMs.toFixed(1)} ms)`
        : `no warm-up history; indicators ready (${indicatorsMs.toFixed(1)} ms)`,
      "engine",
    );
    if (input.coverageGap) this.log("WARNING", `${input.coverageGap}: the run tests only that`, "data");
    if (input.origin?.alternatives.length)
      this.log(
        "INFO",
        `${input.instrument.symbol} has other datasets that could serve this run (${input.origin.alternatives.join(", ")}): it runs on '${input.origin.name}'; choose with session_data_config.datasets`,
        "data",
      );
    if (input.killZones) this.log("INFO", input.killZones.summary, "news");
    const rollovers = input.rollovers;
    if (rollovers)
      while (this.nextRollover < rollovers.time.length && rollovers.time[this.nextRollover] <= rows.time[start])
        this.nextRollover++;

    const loopStarted = host.wallNow();
    let lastProgress = loopStarted;
    let lastYield = loopStarted;
    const speed = input.speedMultiplier ?? 0;
    let end = rows.length;
    for (let from = start; from < end; ) {
      const to = Math.min(end, from + (speed > 0 ? 1 : CHUNK));
      from = this.step(from, to);
      if (from < to) end = from; // ruin ended the test
      const now = host.wallNow();
      if (speed > 0) {
        const due = loopStarted + (rows.time[from - 1] - rows.time[start]) / speed;
        if (due > now) await host.sleep(Math.min(due - now, 1000));
      }
      if (now - lastProgress >= PROGRESS_MS && from < end) {
        lastProgress = now;
        this.progress(from, "running");
      }
      if (now - lastYield >= YIELD_MS) {
        lastYield = now;
        await host.yield();
        if (host.cancelled()) throw new PipscopeError("BACKTEST_CANCELLED", "the backtest was cancelled");
      }
    }
    const last = end - 1;
    if (input.options.closeAtEnd && this.broker.positions.length > 0) {
      this.broker.time = rows.time[last];
      this.broker.closeAll("end_of_test");
      this.equity[last - start] = this.broker.equity();
      this.balance[last - start] = this.broker.balance;
    }
    // The last progress counts the trades closed at the end, as the result does.
    this.progress(end, "finishing");
    const loopMs = host.wallNow() - loopStarted;
    return this.finish(end, indicatorsMs, loopMs);
  }

  /**
   * Runs rows [from, to) synchronously: the hot loop. Returns where it stopped: `to`, or the row
   * after the one on which a ruin ended the test.
   */
  private step(from: number, to: number): number {
    const { broker, ctx, input } = this;
    // Columns and flags in locals: this loop runs once per bar, millions of times.
    const { time, open, high, low, close, spread: spreadPoints } = this.rows;
    const { equity, balance, exposed } = this;
    const strategy = input.strategy.instance;
    const tickMode = this.tickMode;
    const sweepable = !tickMode && !input.finer;
    const tradeOnClose = input.options.tradeOnClose;
    const start = input.startIndex;
    const rollovers = input.rollovers;
    const flattenMask = input.killZones?.flatten ? input.killZones.mask : undefined;
    for (let i = from; i < to; i++) {
      const t = time[i];
      broker.time = t;
      broker.index = i;
      if (rollovers && this.nextRollover < rollovers.time.length && rollovers.time[this.nextRollover] <= t)
        this.rollover(t);
      if (broker.orders.length > 0) broker.expire(t);
      const spread = broker.spreadPrice(spreadPoints[i]);
      if (broker.armed === 0 && broker.orders.length === 0) {
        // Nothing can trigger or fill at the open: the market just moves there.
        broker.bid = open[i];
        broker.ask = open[i] + spread;
      } else {
        broker.processPoint(open[i], open[i] + spread, true);
        broker.fillMarketOrders();
      }
      if (tickMode) broker.settle();
      else if (sweepable && broker.armed === 0) broker.sweepBar(high[i], low[i], close[i], spread);
      else this.walkBar(i, spread);
      ctx.cursor.index = i;
      if (tickMode) strategy.onTick?.(ctx);
      else strategy.onBar?.(ctx);
      // trade_on_close: the order fills at the close of the bar that produced the signal.
      if (tradeOnClose) broker.fillMarketOrders();
      if (flattenMask && flattenMask[i] !== 0 && (broker.positions.length > 0 || broker.orders.length > 0))
        this.flattenForNews(i);
      const k = i - start;
      exposed[k] = broker.recordCurve(equity, balance, k) ? 1 : 0;
      if (ctx.watchedSessions !== 0) this.logSessions(i);
      if (broker.ruin !== undefined && !this.ruinLogged && this.onRuin()) {
        this.seqBars += i + 1 - from;
        return i + 1;
      }
    }
    this.seqBars += to - from;
    return to;
  }

  /** Logs the ruin the broker found; true when it ends the test (`on_ruin: "stop"`). */
  private onRuin(): boolean {
    this.ruinLogged = true;
    const { reason, time } = this.broker.ruin as Ruin;
    const stop = this.input.options.onRuin === "stop";
    this.broker.time = time;
    this.log(
      "ERROR",
      `ruin: ${reason}; ${stop ? "the test ends here (on_ruin: stop)" : "the test goes on, refusing what the account cannot carry (on_ruin: continue)"}`,
      "engine",
    );
    return stop;
  }

  /**
   * The price path inside bar i after its open. Bars hold no order of their high and low, so we
   * state one (as MT5's "1 minute OHLC" model does): a bullish bar goes open→low→high→close, a
   * bearish one open→high→low→close — the path that visits the nearer extreme first. With finer
   * bars (M1 inside H1) the path is theirs instead.
   */
  private walkBar(i: number, spread: number): void {
    const { rows, broker, input } = this;
    const finer = input.finer;
    if (finer && broker.armed > 0) {
      const end = i + 1 < rows.length ? rows.time[i + 1] : Number.POSITIVE_INFINITY;
      while (this.finerAt < finer.length && finer.time[this.finerAt] < rows.time[i]) this.finerAt++;
      let first = true;
      for (let j = this.finerAt; j < finer.length && finer.time[j] < end; j++) {
        const s = broker.spreadPrice(finer.spread[j]);
        // Each finer bar's open is a jump from the previous close; the first equals the bar's open.
        if (!first) broker.processPoint(finer.open[j], finer.open[j] + s, true);
        broker.settle();
        first = false;
        this.walkPath(finer.open[j], finer.high[j], finer.low[j], finer.close[j], s);
      }
      if (!first) return;
    }
    this.walkPath(rows.open[i], rows.high[i], rows.low[i], rows.close[i], spread);
  }

  private walkPath(open: number, high: number, low: number, close: number, spread: number): void {
    const broker = this.broker;
    if (broker.armed === 0) {
      broker.sweepBar(high, low, close, spread);
      return;
    }
    const path = this.paths;
    if (close >= open) {
      path[0] = low;
      path[1] = high;
    } else {
      path[0] = high;
      path[1] = low;
    }
    path[2] = close;
    broker.settle(); // the open
    for (let k = 0; k < 3; k++) {
      broker.processPoint(path[k], path[k] + spread, false);
      broker.settle();
    }
  }

  /**
   * The next fill would be inside a kill zone: cancel pending orders (a stop entry would trigger
   * on the release's spike) and close positions at this row's last price, the last one before it.
   */
  private flattenForNews(i: number): void {
    const broker = this.broker;
    this.log(
      "INFO",
      `flattening before ${(this.input.killZones as KillZoneColumn).reasonAt(i)}: ${broker.positions.length} position(s), ${broker.orders.length} order(s)`,
      "news",
    );
    for (let k = broker.orders.length - 1; k >= 0; k--) broker.cancel(broker.orders[k].id);
    broker.closeAll("kill_zone");
  }

  /** Swaps and the FX day's close/open lines at each 17:00 New York rollover passed. */
  private rollover(t: number): void {
    const rollovers = this.input.rollovers as { time: Float64Array; days: Uint8Array };
    while (this.nextRollover < rollovers.time.length && rollovers.time[this.nextRollover] <= t) {
      const at = rollovers.time[this.nextRollover];
      const days = rollovers.days[this.nextRollover];
      // The day closed at the rollover, not at the bar that follows it (Sunday's, after a weekend).
      this.broker.time = at;
      if (this.input.costs.swaps && days > 0 && this.broker.positions.length > 0) {
        this.broker.chargeSwaps(days);
        this.log("DEBUG", `rollover swap charged on ${this.broker.positions.length} position(s) ×${days}`, "broker");
      }
      const pnl = this.broker.balance - this.dayStartBalance;
      const currency = this.input.account.currency;
      this.log(
        "INFO",
        `FX day ${iso(at).slice(0, 10)} closed: ${this.dayTrades} trade(s), P&L ${pnl >= 0 ? "+" : ""}${pnl.toFixed(2)} ${currency}, balance ${this.broker.balance.toFixed(2)}`,
        "calendar",
      );
      this.dayTrades = 0;
      this.dayStartBalance = this.broker.balance;
      this.nextRollover++;
    }
    this.broker.time = t;
    this.log("INFO", `FX day ${fxTradingDate(t)} opened`, "calendar");
  }

  private logSessions(i: number): void {
    const sessions = this.input.sessions as SessionColumns;
    const bits = sessions.mask[i] & this.ctx.watchedSessions;
    const changed = bits ^ this.lastSessionBits;
    if (changed === 0) return;
    for (let b = 0; b < sessions.ids.length; b++) {
      if (changed & (1 << b))
        this.log("INFO", `session ${sessions.ids[b]} ${bits & (1 << b) ? "opened" : "closed"}`, "sessions");
    }
    this.lastSessionBits = bits;
  }

  private onTrade(fact: TradeFact): void {
    if (fact.action === "close") this.dayTrades++;
    this.host.trade(fact, this.tradeContext);
  }

  private log(level: LogLevel, message: string, module: string): void {
    if (!this.readsLogs) return;
    const sim = this.broker.time;
    if (sim !== this.simIsoAt) {
      this.simIsoAt = sim;
      this.simIso = iso(sim);
    }
    const wall = Math.floor(this.host.wallNow());
    if (wall !== this.wallIsoAt) {
      this.wallIsoAt = wall;
      this.wallIso = iso(wall);
    }
    let loggerName = this.loggerNames.get(module);
    if (loggerName === undefined) {
      loggerName = `pipscope.${module}`;
      this.loggerNames.set(module, loggerName);
    }
    this.host.emit("log_entry", {
      backtest_id: this.input.backtestId,
      timestamp: this.wallIso,
      sim_time: this.simIso,
      level,
      message,
      module,
      logger_name: loggerName,
    });
  }

  private progress(processedTo: number, status: "running" | "finishing"): void {
    const { input, rows } = this;
    const total = rows.length - input.startIndex;
    const done = processedTo - input.startIndex;
    this.host.emit("backtest_progress", {
      backtest_id: input.backtestId,
      progress: total ? Math.min(100, (done / total) * 100) : 100,
      status,
      bars_processed: done,
      total_bars: total,
      current_date: iso(rows.time[processedTo - 1]),
      trades_count: this.broker.trades.length,
      current_pnl: this.broker.equity() - input.account.initialBalance,
      timestamp: iso(this.host.wallNow()),
    });
  }

  /** The result of rows [startIndex, end): all of them, or up to a ruin that ended the test. */
  private finish(end: number, indicatorsMs: number, loopMs: number): BacktestResult {
    const { input, rows, broker, host } = this;
    const start = input.startIndex;
    const trades = broker.trades.toArray();
    const tested = end - start;
    const time = rows.time.subarray(start, end);
    const equity = this.equity.subarray(0, tested);
    const metrics = computeMetrics({
      trades,
      initialBalance: input.account.initialBalance,
      finalBalance: broker.balance,
      time,
      equity,
      exposed: this.exposed.subarray(0, tested),
      dayCloses: input.rollovers?.time ?? dayBoundaries(time),
      firstOpen: rows.open[start],
      lastClose: rows.close[end - 1],
      start: rows.time[start],
      end: rows.time[end - 1],
      refusedOrders: broker.refused,
    });
    const totalMs = host.wallNow() - this.startedAt + (input.loadMs ?? 0);
    const result: BacktestResult = {
      backtest_id: input.backtestId,
      variant: input.variant,
      symbol: input.instrument.symbol,
      timeframe: input.timeframe,
      instrument: { digits: input.instrument.digits, pip_size: input.instrument.pipSize },
      strategy: { id: input.strategy.id, params: input.strategy.params },
      start: rows.time[start],
      end: rows.time[end - 1],
      end_reason: end < rows.length ? "ruin" : "end_of_data",
      ruin: broker.ruin ?? null,
      account: {
        currency: input.account.currency,
        initial_balance: input.account.initialBalance,
        leverage: input.account.leverage,
        mode: input.account.mode,
      },
      sizing: input.sizing,
      metrics,
      trades,
      curve: downsampleCurve(time, equity, this.balance.subarray(0, tested), input.account.initialBalance),
      breakdowns: computeBreakdowns(trades),
      timings: { load_ms: input.loadMs ?? 0, indicators_ms: indicatorsMs, loop_ms: loopMs, total_ms: totalMs },
      bars_processed: this.seqBars,
      warmup_bars: start,
      data: runData(input, rows),
    };
    const currency = input.account.currency;
    this.log(
      "INFO",
      `finished${result.end_reason === "ruin" ? " by ruin" : ""}: ${metrics.trades} trades, net ${formatFixed(metrics.net_profit, 2)} ${currency} (${formatFixed(metrics.return_pct, 2)}%), max drawdown ${formatFixed(metrics.max_drawdown_pct, 2)}%${broker.refused ? `, ${broker.refused} entries refused for margin` : ""}, ${this.seqBars} ${this.tickMode ? "ticks" : "bars"} in ${loopMs.toFixed(0)} ms`,
      "engine",
    );
    host.emit("backtest_complete", {
      backtest_id: input.backtestId,
      final_balance: broker.balance,
      total_trades: metrics.trades,
      win_rate: metrics.win_rate ?? 0,
      sharpe_ratio: metrics.sharpe ?? 0,
      drawdown: metrics.max_drawdown_pct,
      return_pct: metrics.return_pct,
      duration_seconds: totalMs / 1000,
      timestamp: iso(host.wallNow()),
      results: result,
    });
    return result;
  }
}

/** The result's `data`: the tested rows' fingerprint and where they came from. */
function runData(input: BacktestInput, rows: BarColumns): RunData {
  const origin = input.origin;
  return {
    ...fingerprint(input.instrument.symbol, input.timeframe, rows, input.startIndex),
    dataset: origin?.dataset ?? null,
    sources: origin?.sources ?? [],
    synthetic: origin ? origin.synthetic : null,
    quality: origin?.quality ?? null,
    resampled_from: origin?.resampledFrom ?? null,
    requested_from: input.requested?.from ?? null,
    requested_to: input.requested?.to ?? null,
    coverage_gap: input.coverageGap ?? null,
  };
}

/** UTC midnights inside the times, for daily returns when no FX rollovers are given. */
function dayBoundaries(time: Float64Array): Float64Array {
  if (time.length === 0) return new Float64Array(0);
  const day = 86_400_000;
  const first = Math.floor(time[0] / day) + 1;
  const last = Math.floor(time[time.length - 1] / day) + 1;
  const out = new Float64Array(Math.max(0, last - first + 1));
  for (let d = first; d <= last; d++) out[d - first] = d * day;
  return out;
}
