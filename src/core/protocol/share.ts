import { deflateSync, Inflate, strFromU8, strToU8 } from "fflate";
import { z } from "zod";
import { checkJsonDepth } from "../config/json-text.ts";
import type { BacktestResult } from "../engine/backtest.ts";
import { lttb } from "../engine/curves.ts";
import { EXIT_REASONS, type Trade } from "../engine/orders.ts";
import { PipscopeError } from "../errors.ts";
import { fromBase64Url, toBase64Url } from "./base64url.ts";

/**
 * The first byte of every payload; decoders refuse versions they do not know. Version 2 added the
 * run's end (ruin), its sizing and where its data came from; version 1 links still open.
 */
export const SHARE_VERSION = 2;
const READABLE_VERSIONS = [1, 2];
/** Hard cap on a payload (the part after `#/r/`), in characters. */
export const MAX_SHARE_CHARS = 64 * 1024;
/** Equity points a link carries at most, and how many it aims for (enough for a chart, and small). */
export const SHARE_CURVE_POINTS = 1000;
const CURVE_TARGET = 500;
/** Prices travel as integers of this unit (finer than any instrument's point). */
const PRICE_UNIT = 1e-6;
export const SHARE_TRADES = 500;
/** Longest session config a link carries (characters of compact JSON). */
const MAX_CONFIG_CHARS = 16 * 1024;
/** Decompressed size past which a payload is refused (a link is hostile input: no zip bombs). */
const MAX_INFLATED_BYTES = 4 * 1024 * 1024;

const text = (max: number) => z.string().max(max);
const numbers = (max: number) => z.array(z.number()).max(max);
const nullableNumbers = (max: number) => z.array(z.number().nullable()).max(max);
const breakdownRows = z
  .array(
    z.strictObject({
      key: text(64),
      trades: z.number(),
      wins: z.number(),
      win_rate: z.number(),
      net_pnl: z.number(),
      avg_pnl: z.number(),
      pips: z.number(),
    }),
  )
  .max(64);

/** What a link carries: the report without the data, compact and bounded. */
const snapshotSchema = z.strictObject({
  name: text(200),
  symbol: text(32),
  timeframe: text(16),
  variant: text(32),
  strategy: z.strictObject({ id: text(64), params: z.record(text(64), z.union([z.number(), z.boolean(), text(64)])) }),
  start: z.number(),
  end: z.number(),
  account: z.strictObject({ currency: text(8), initial_balance: z.number(), leverage: z.number(), mode: text(16) }),
  metrics: z.record(text(64), z.number().nullable()),
  breakdowns: z.strictObject({ session: breakdownRows, weekday: breakdownRows, hour: breakdownRows }),
  /**
   * Equity curve (LTTB): times in seconds and equity in cents, both delta-encoded integers (they
   * compress far better than decimals). Balance and drawdown are rebuilt from them on opening.
   */
  curve: z.strictObject({ t: numbers(SHARE_CURVE_POINTS), e: numbers(SHARE_CURVE_POINTS) }),
  /**
   * Trades as integer columns: entry times (s) and entry prices (PRICE_UNIT) delta-encoded; exit
   * price, stop and target as offsets from the entry; P&L and costs in cents; pips, MAE, MFE in
   * tenths; lots in 1/10,000.
   */
  trades: z.strictObject({
    total: z.number().int().min(0),
    et: numbers(SHARE_TRADES),
    dur: numbers(SHARE_TRADES),
    side: z.array(z.union([z.literal(1), z.literal(-1)])).max(SHARE_TRADES),
    lots: numbers(SHARE_TRADES),
    ep: numbers(SHARE_TRADES),
    xp: numbers(SHARE_TRADES),
    pnl: numbers(SHARE_TRADES),
    pips: numbers(SHARE_TRADES),
    cost: numbers(SHARE_TRADES),
    mae: numbers(SHARE_TRADES),
    mfe: numbers(SHARE_TRADES),
    sl: nullableNumbers(SHARE_TRADES),
    tp: nullableNumbers(SHARE_TRADES),
    reason: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(EXIT_REASONS.length - 1),
      )
      .max(SHARE_TRADES),
    session: z.array(z.number().int().min(0)).max(SHARE_TRADES),
    sessions: z.array(text(32)).max(16),
  }),
  /** The session config to re-run it with (built-in strategies only: links never carry code). */
  config: text(MAX_CONFIG_CHARS).optional(),
  data: z.strictObject({
    symbol: text(32),
    timeframe: text(16),
    from: z.number(),
    to: z.number(),
    rows: z.number(),
    hash: text(16),
    dataset: text(200).nullable().optional(),
    sources: z.array(text(200)).max(16).optional(),
    synthetic: z.boolean().nullable().optional(),
    quality: z.number().nullable().optional(),
    resampled_from: text(16).nullable().optional(),
    requested_from: z.number().nullable().optional(),
    requested_to: z.number().nullable().optional(),
    coverage_gap: text(300).nullable().optional(),
  }),
  end_reason: z.enum(["end_of_data", "ruin"]).optional(),
  ruin: z
    .strictObject({ time: z.number(), equity: z.number(), reason: text(300) })
    .nullable()
    .optional(),
  instrument: z
    .strictObject({ digits: z.number().int().min(0).max(10), pip_size: z.number() })
    .nullable()
    .optional(),
  sizing: z
    .discriminatedUnion("mode", [
      z.strictObject({ mode: z.literal("fixed"), lots: z.number() }),
      z.strictObject({ mode: z.literal("risk"), percent: z.number() }),
      z.strictObject({ mode: z.literal("fraction"), fraction: z.number() }),
      z.strictObject({ mode: z.literal("governor") }),
    ])
    .nullable()
    .optional(),
});

type Snapshot = z.infer<typeof snapshotSchema>;

const deltas = (values: number[]) => values.map((v, i) => (i === 0 ? v : v - values[i - 1]));
const sums = (values: number[]) => {
  let total = 0;
  return values.map((v) => (total += v));
};

/**
 * The session config as a link may carry it: compact JSON, or nothing when it names pasted code
 * (a link must never make someone else's browser run code) or is missing, unreadable or too long.
 */
export function shareableConfig(configText: string | undefined): string | undefined {
  if (!configText) return undefined;
  try {
    let carriesCode = false;
    // Any `source` (a strategy's, a bot's) is code: such a config is never shared.
    const config: unknown = JSON.parse(configText, (key, value) => {
      if (key === "source") carriesCode = true;
      return value;
    });
    if (carriesCode || typeof config !== "object" || config === null || Array.isArray(config)) return undefined;
    const compact = JSON.stringify(config);
    return compact.length <= MAX_CONFIG_CHARS ? compact : undefined;
  } catch {
    return undefined;
  }
}

function snapshotOf(result: BacktestResult, name: string, configText?: string): Snapshot {
  const c = result.curve;
  const keep = lttb(c.time, c.equity, CURVE_TARGET);
  const trades = result.trades.slice(0, SHARE_TRADES);
  const sessions = [...new Set(trades.map((t) => t.session))];
  const price = (p: number) => Math.round(p / PRICE_UNIT);
  const offset = (level: number | null, from: number) => (level === null ? null : price(level) - price(from));
  return {
    name,
    symbol: result.symbol,
    timeframe: result.timeframe,
    variant: result.variant,
    strategy: result.strategy,
    start: result.start,
    end: result.end,
    account: result.account,
    metrics: result.metrics as unknown as Record<string, number | null>,
    breakdowns: result.breakdowns,
    curve: {
      t: deltas(keep.map((i) => Math.round(c.time[i] / 1000))),
      e: deltas(keep.map((i) => Math.round(c.equity[i] * 100))),
    },
    trades: {
      total: result.trades.length,
      et: deltas(trades.map((t) => Math.round(t.entryTime / 1000))),
      dur: trades.map((t) => Math.round((t.exitTime - t.entryTime) / 1000)),
      side: trades.map((t) => (t.side === "long" ? 1 : -1)),
      lots: trades.map((t) => Math.round(t.lots * 1e4)),
      ep: deltas(trades.map((t) => price(t.entryPrice))),
      xp: trades.map((t) => price(t.exitPrice) - price(t.entryPrice)),
      pnl: trades.map((t) => Math.round(t.pnl * 100)),
      pips: trades.map((t) => Math.round(t.pips * 10)),
      cost: trades.map((t) => Math.round((t.swap - t.commission) * 100)),
      mae: trades.map((t) => Math.round(t.mae * 10)),
      mfe: trades.map((t) => Math.round(t.mfe * 10)),
      sl: trades.map((t) => offset(t.sl, t.entryPrice)),
      tp: trades.map((t) => offset(t.tp, t.entryPrice)),
      reason: trades.map((t) => EXIT_REASONS.indexOf(t.exitReason)),
      session: trades.map((t) => sessions.indexOf(t.session)),
      sessions,
    },
    config: shareableConfig(configText),
    data: { ...result.data, sources: result.data.sources.slice(0, 16) },
    end_reason: result.end_reason,
    ruin: result.ruin,
    instrument: result.instrument,
    sizing: result.sizing,
  };
}

/**
 * A finished run as a link payload: version byte + deflate + base64url of a schema-checked
 * snapshot (config, metrics, breakdowns, equity downsampled to ≤ 1,000 points, ≤ 500 trades, data
 * fingerprint, and the session config when it can be re-run: see shareableConfig). Refuses
 * (SHARE_TOO_LARGE) beyond MAX_SHARE_CHARS.
 */
export function encodeShare(result: BacktestResult, name: string, configText?: string): string {
  const json = strToU8(JSON.stringify(snapshotOf(result, name, configText)));
  const deflated = deflateSync(json, { level: 9 });
  const bytes = new Uint8Array(deflated.length + 1);
  bytes[0] = SHARE_VERSION;
  bytes.set(deflated, 1);
  const payload = toBase64Url(bytes);
  if (payload.length > MAX_SHARE_CHARS) {
    throw new PipscopeError(
      "SHARE_TOO_LARGE",
      `this result makes a ${Math.ceil(payload.length / 1024)} KB link; links are limited to 64 KB`,
    );
  }
  return payload;
}

/**
 * Compressed bytes handed to the inflater at a time. fflate inflates everything pushed in one call
 * before it reports any output, and DEFLATE expands at most ~1032×, so a slice this size yields at
 * most ~264 KB: a bomb is stopped within that of the limit, not after it has been inflated whole.
 */
const INFLATE_SLICE_BYTES = 256;

/** Inflates at most MAX_INFLATED_BYTES (plus one slice's output) and refuses the rest. */
function inflateBounded(bytes: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > MAX_INFLATED_BYTES)
      throw new PipscopeError("SHARE_TOO_LARGE", "the link's data unpacks to more than 4 MB");
    chunks.push(chunk);
  });
  try {
    for (let at = 0; at < bytes.length; at += INFLATE_SLICE_BYTES) {
      const end = Math.min(at + INFLATE_SLICE_BYTES, bytes.length);
      inflater.push(bytes.subarray(at, end), end === bytes.length);
    }
  } catch (error) {
    if (error instanceof PipscopeError) throw error;
    throw new PipscopeError("SHARE_CORRUPT", "the link's data is damaged (it does not decompress)");
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** A shared result as the report shows it, and whether the link dropped trades. */
export interface SharedRun {
  name: string;
  result: BacktestResult;
  /** Trades in the original run (the link carries at most SHARE_TRADES). */
  totalTrades: number;
  /** The session config to re-run it with, if the link carries one: unvalidated, hostile input. */
  config?: string;
}

/**
 * Reads a link payload. It is hostile input: every failure is a PipscopeError with a code
 * (SHARE_TOO_LARGE, SHARE_BAD_ENCODING, SHARE_VERSION, SHARE_CORRUPT, JSON_TOO_DEEP, SHARE_INVALID) and a
 * sentence; nothing in it is ever executed or treated as markup.
 */
export function decodeShare(payload: string): SharedRun {
  if (payload.length > MAX_SHARE_CHARS)
    throw new PipscopeError(
      "SHARE_TOO_LARGE",
      `the link is ${Math.ceil(payload.length / 1024)} KB; links are limited to 64 KB`,
    );
  if (payload.length === 0) throw new PipscopeError("SHARE_BAD_ENCODING", "the link carries no data");
  const bytes = fromBase64Url(payload);
  if (!READABLE_VERSIONS.includes(bytes[0])) {
    throw new PipscopeError(
      "SHARE_VERSION",
      `the link was made by a newer or unknown version of Pipscope (format ${bytes[0]})`,
    );
  }
  let data: unknown;
  try {
    const json = strFromU8(inflateBounded(bytes.subarray(1)));
    checkJsonDepth(json, "the link");
    data = JSON.parse(json);
  } catch (error) {
    if (error instanceof PipscopeError) throw error;
    throw new PipscopeError("SHARE_CORRUPT", "the link's data is damaged (not valid JSON)");
  }
  const parsed = snapshotSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PipscopeError(
      "SHARE_INVALID",
      `the link's report is not in the expected form (at ${issue.path.join(".") || "top level"})`,
    );
  }
  return fromSnapshot(parsed.data);
}

function fromSnapshot(s: Snapshot): SharedRun {
  const t = s.trades;
  const n = Math.min(t.et.length, t.dur.length, t.side.length, t.ep.length, t.xp.length, t.pnl.length);
  const entries = sums(t.et);
  const entryPrices = sums(t.ep);
  const level = (units: number | null | undefined, from: number) =>
    units === null || units === undefined ? null : (from + units) * PRICE_UNIT;
  const trades: Trade[] = Array.from({ length: n }, (_, i) => {
    const entryTime = entries[i] * 1000;
    const cost = (t.cost[i] ?? 0) / 100;
    const pnl = t.pnl[i] / 100;
    return {
      id: i + 1,
      positionId: i + 1,
      side: t.side[i] === 1 ? "long" : "short",
      lots: (t.lots[i] ?? 0) / 1e4,
      entryTime,
      entryPrice: entryPrices[i] * PRICE_UNIT,
      exitTime: entryTime + (t.dur[i] ?? 0) * 1000,
      exitPrice: (entryPrices[i] + t.xp[i]) * PRICE_UNIT,
      entryIndex: 0,
      exitIndex: 0,
      pnl,
      grossPnl: pnl - cost,
      pips: (t.pips[i] ?? 0) / 10,
      commission: Math.max(0, -cost),
      swap: Math.max(0, cost),
      mae: (t.mae[i] ?? 0) / 10,
      mfe: (t.mfe[i] ?? 0) / 10,
      sl: level(t.sl[i], entryPrices[i]),
      tp: level(t.tp[i], entryPrices[i]),
      entryEquity: null,
      session: t.sessions[t.session[i]] ?? "",
      exitReason: EXIT_REASONS[t.reason[i]] ?? "signal",
      comment: "",
    };
  });
  const times = sums(s.curve.t).map((sec) => sec * 1000);
  const equity = sums(s.curve.e).map((cents) => cents / 100);
  let peak = s.account.initial_balance;
  const drawdown = equity.map((e) => {
    peak = Math.max(peak, e);
    return ((e - peak) / peak) * 100;
  });
  // Balance moves only when a trade closes: rebuilt from the trades when the link has them all.
  const complete = trades.length === t.total;
  const byExit = [...trades].sort((a, b) => a.exitTime - b.exitTime);
  let closed = 0;
  let balance = s.account.initial_balance;
  const balances = times.map((time, i) => {
    if (!complete) return equity[i];
    while (closed < byExit.length && byExit[closed].exitTime <= time) balance += byExit[closed++].pnl;
    return balance;
  });
  const result = {
    backtest_id: `shared-${s.data.hash}`,
    variant: s.variant,
    symbol: s.symbol,
    timeframe: s.timeframe,
    instrument: s.instrument ?? null,
    strategy: s.strategy,
    start: s.start,
    end: s.end,
    end_reason: s.end_reason ?? "end_of_data",
    ruin: s.ruin ?? null,
    account: s.account,
    sizing: s.sizing ?? null,
    metrics: s.metrics as unknown as BacktestResult["metrics"],
    trades,
    curve: { time: times, equity, balance: balances, drawdown_pct: drawdown },
    breakdowns: s.breakdowns,
    timings: { load_ms: 0, indicators_ms: 0, loop_ms: 0, total_ms: 0 },
    bars_processed: s.data.rows,
    warmup_bars: 0,
    data: {
      ...s.data,
      dataset: s.data.dataset ?? null,
      sources: s.data.sources ?? [],
      synthetic: s.data.synthetic ?? null,
      quality: s.data.quality ?? null,
      resampled_from: s.data.resampled_from ?? null,
      requested_from: s.data.requested_from ?? null,
      requested_to: s.data.requested_to ?? null,
      coverage_gap: s.data.coverage_gap ?? null,
    },
  } satisfies BacktestResult;
  // A crafted link could carry code: the same rule as when sharing drops it.
  return { name: s.name, result, totalTrades: t.total, config: shareableConfig(s.config) };
}
