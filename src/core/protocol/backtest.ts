import { z } from "zod";
import type { BacktestResult } from "../engine/backtest.ts";
import { EXIT_REASONS, type Trade } from "../engine/orders.ts";

/**
 * Events of a running backtest (SPEC §6), published on BroadcastChannel
 * `pipscope:backtest:<backtest_id>` and printed by `pipscope backtest --json-events`.
 * Envelope: `{type, seq, data}`, `seq` increasing by one per run from 0.
 * Times: `timestamp` is the wall clock (ISO 8601 UTC), `sim_time`/`current_date` simulated time.
 */
const iso = z.string();
const level = z.enum(["DEBUG", "INFO", "WARNING", "ERROR"]);

export const tradeSchema = z.object({
  id: z.number(),
  positionId: z.number(),
  side: z.enum(["long", "short"]),
  lots: z.number(),
  entryTime: z.number(),
  entryPrice: z.number(),
  exitTime: z.number(),
  exitPrice: z.number(),
  entryIndex: z.number(),
  exitIndex: z.number(),
  pnl: z.number(),
  grossPnl: z.number(),
  pips: z.number(),
  commission: z.number(),
  swap: z.number(),
  mae: z.number(),
  mfe: z.number(),
  sl: z.number().nullable(),
  tp: z.number().nullable(),
  entryEquity: z.number().nullable().default(null),
  session: z.string(),
  exitReason: z.enum(EXIT_REASONS),
  comment: z.string(),
});

const breakdownRow = z.object({
  key: z.string(),
  trades: z.number(),
  wins: z.number(),
  win_rate: z.number(),
  net_pnl: z.number(),
  avg_pnl: z.number(),
  pips: z.number(),
});

/**
 * A finished run's result file (`pipscope backtest --out`, the app's export): checked when the
 * app opens one, so a hand-edited or foreign file is rejected with the path of the problem.
 */
export const backtestResultSchema = z.object({
  backtest_id: z.string(),
  variant: z.string(),
  symbol: z.string(),
  timeframe: z.string(),
  instrument: z
    .object({ digits: z.number().int().min(0).max(10), pip_size: z.number() })
    .nullable()
    .default(null),
  strategy: z.object({ id: z.string(), params: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])) }),
  start: z.number(),
  end: z.number(),
  end_reason: z.enum(["end_of_data", "ruin"]).default("end_of_data"),
  ruin: z.object({ time: z.number(), equity: z.number(), reason: z.string() }).nullable().default(null),
  account: z.object({ currency: z.string(), initial_balance: z.number(), leverage: z.number(), mode: z.string() }),
  sizing: z
    .discriminatedUnion("mode", [
      z.object({ mode: z.literal("fixed"), lots: z.number() }),
      z.object({ mode: z.literal("risk"), percent: z.number() }),
      z.object({ mode: z.literal("fraction"), fraction: z.number() }),
      z.object({ mode: z.literal("governor") }),
    ])
    .nullable()
    .default(null),
  metrics: z.record(z.string(), z.number().nullable()),
  trades: z.array(tradeSchema),
  curve: z.object({
    time: z.array(z.number()),
    equity: z.array(z.number()),
    balance: z.array(z.number()),
    drawdown_pct: z.array(z.number()),
  }),
  breakdowns: z.object({ session: z.array(breakdownRow), weekday: z.array(breakdownRow), hour: z.array(breakdownRow) }),
  timings: z.object({ load_ms: z.number(), indicators_ms: z.number(), loop_ms: z.number(), total_ms: z.number() }),
  bars_processed: z.number(),
  warmup_bars: z.number(),
  data: z.object({
    symbol: z.string(),
    timeframe: z.string(),
    from: z.number(),
    to: z.number(),
    rows: z.number(),
    hash: z.string(),
    dataset: z.string().nullable().default(null),
    sources: z.array(z.string()).default([]),
    synthetic: z.boolean().nullable().default(null),
    quality: z.number().nullable().default(null),
    resampled_from: z.string().nullable().default(null),
    requested_from: z.number().nullable().default(null),
    requested_to: z.number().nullable().default(null),
    coverage_gap: z.string().nullable().default(null),
  }),
});

// The schemas and the engine's types are one: a field added to or changed in one and not the
// other fails the typecheck here. A trade is exactly its schema; every result the engine makes
// validates, and a result file holds the same fields.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const tradeIsItsSchema: Same<Trade, z.infer<typeof tradeSchema>> = true;
const resultsValidate: BacktestResult extends z.input<typeof backtestResultSchema> ? true : false = true;
const resultFieldsAreTheSchemas: Same<keyof BacktestResult, keyof z.output<typeof backtestResultSchema>> = true;
void [tradeIsItsSchema, resultsValidate, resultFieldsAreTheSchemas];

/** A position as it opens (its exit is not known yet). */
export const openedPositionSchema = z.object({
  id: z.number(),
  side: z.enum(["long", "short"]),
  lots: z.number(),
  entryTime: z.number(),
  entryPrice: z.number(),
  sl: z.number().nullable(),
  tp: z.number().nullable(),
});

export const backtestEventDataSchemas = {
  backtest_start: z.object({
    backtest_id: z.string(),
    variant: z.string(),
    symbol: z.string(),
    timeframe: z.string(),
    start_date: iso,
    end_date: iso,
    timestamp: iso,
  }),
  backtest_progress: z.object({
    backtest_id: z.string(),
    progress: z.number().min(0).max(100),
    status: z.enum(["running", "paused", "finishing"]),
    bars_processed: z.number(),
    total_bars: z.number(),
    current_date: iso,
    trades_count: z.number(),
    current_pnl: z.number(),
    timestamp: iso,
  }),
  log_entry: z.object({
    backtest_id: z.string(),
    timestamp: iso,
    sim_time: iso,
    level,
    message: z.string(),
    module: z.string(),
    logger_name: z.string(),
  }),
  trade: z.object({
    backtest_id: z.string(),
    action: z.enum(["open", "close"]),
    /** For "open": the position as opened; for "close": the closed trade. */
    trade: z.union([tradeSchema, openedPositionSchema]),
  }),
  backtest_complete: z.object({
    backtest_id: z.string(),
    final_balance: z.number(),
    total_trades: z.number(),
    win_rate: z.number(),
    sharpe_ratio: z.number(),
    drawdown: z.number(),
    return_pct: z.number(),
    duration_seconds: z.number(),
    timestamp: iso,
    results: z.unknown(),
  }),
  backtest_error: z.object({
    backtest_id: z.string(),
    error: z.string(),
    error_details: z.string(),
    timestamp: iso,
  }),
} as const;

export type BacktestEventType = keyof typeof backtestEventDataSchemas;
export type BacktestEventData<T extends BacktestEventType> = z.infer<(typeof backtestEventDataSchemas)[T]>;

/** One event as it travels: a discriminated union on `type`. */
export type BacktestEvent = {
  [T in BacktestEventType]: { type: T; seq: number; data: BacktestEventData<T> };
}[BacktestEventType];

export const backtestEventSchema = z.discriminatedUnion(
  "type",
  Object.entries(backtestEventDataSchemas).map(([type, data]) =>
    z.object({ type: z.literal(type), seq: z.number().int().min(0), data }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

/** BroadcastChannel of one run's events. */
export const runChannelName = (backtestId: string) => `pipscope:backtest:${backtestId}`;
/** Web Lock a run holds while it executes: held means live, wherever the run's worker is. */
export const runLockName = (backtestId: string) => `pipscope:run:${backtestId}`;
/** BroadcastChannel announcing starts and ends of runs. */
export const DIRECTORY_CHANNEL = "pipscope:backtests";
