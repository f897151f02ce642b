import { PipscopeError } from "../errors.ts";
import { FX_CALENDAR, formatIsoDate, ZoneOffsets } from "../time/index.ts";
import { MS_PER_DAY, MS_PER_MINUTE, type UtcMs } from "../units.ts";
import { instrumentFor } from "./instruments.ts";
import type { BarColumns, Instrument, TickColumns } from "./types.ts";
import { TICK_FLAGS } from "./types.ts";

/**
 * Deterministic synthetic market data (SPEC §3 "embedded default"): M1 bars and ticks for the
 * built-in instruments, the same numbers for the same (symbol, seed) on every machine and for any
 * sub-range (asking for a week or for the year that contains it gives identical rows in that week).
 *
 * The model — a stand-in for real data, not a market simulator:
 * - Trading follows core/time's FX calendar: one FX day per weekday, 17:00 → 17:00 New York (named
 *   after the New York date it ends on), none at weekends or on its holidays (25 Dec, 1 Jan).
 *   DST changes happen on Sunday 02:00 New York, inside the weekend, so every FX day is 24 h.
 * - The price at each FX day's open is value noise over days (octaves of 1…2048 days, amplitudes
 *   growing like a random walk's), so it wanders like a currency but stays near its level; the
 *   weekend and holiday gaps fall out of it. Inside a day, minute steps scaled by session activity
 *   are bridged to the next day's open.
 * - Session activity (UTC times of each day from the local session hours of SPEC §4): quiet after
 *   the rollover and in Asia, busy in London, busiest in the London/New York overlap, with a burst
 *   at 08:30 New York on some days (data releases).
 * - Spreads widen when it is quiet and ~5× around the 17:00 New York rollover (the last 5 and the
 *   first 15 minutes of the FX day), as liquidity providers step away for the daily roll.
 * - A few days have a feed gap (10–120 minutes with no ticks and so no bars), so gap detection
 *   has something to find. MT5 makes no M1 bar for a minute without ticks; neither do we.
 * - Bars hold bid prices, spread in points (the minute's smallest), tick volume = the number of
 *   synthetic ticks in that minute, real volume 0 (OTC FX has none). Ticks follow the same minute
 *   path (a bar's open is the minute's first mid-path price); intrabar extremes are drawn apart.
 */

/** The source label the store writes for synthetic data; the UI and CLI show it. */
export const SYNTHETIC_SOURCE = "synthetic";
/** Seed of the default sample. */
export const DEFAULT_SEED = 1;
/** Symbols the synthetic model is tuned for first (issue 5 §7); the relay streams these by default. */
export const SAMPLE_SYMBOLS = ["EURUSD", "GBPUSD", "USDJPY", "XAUUSD"] as const;

/**
 * The default sample created on first start and by `pipscope data sample` (issue 5 §7): M1 bars
 * of three majors over two years and a month of EURUSD ticks, as half-open UTC ranges [from, to).
 * The ranges are fixed, not relative to today, so a fresh clone caches the same rows on any day
 * and the data fingerprints of share links match across machines. The example session configs
 * (session_configs/) test 2025 on bars and early October 2026 on ticks, inside these ranges.
 */
export const DEFAULT_SAMPLE = {
  barSymbols: ["EURUSD", "GBPUSD", "USDJPY"],
  /** 2024-11-01 00:00 → 2026-11-01 00:00 UTC. */
  bars: { from: Date.UTC(2024, 10, 1) as UtcMs, to: Date.UTC(2026, 10, 1) as UtcMs },
  tickSymbol: "EURUSD",
  /** 2026-10-01 00:00 → 2026-11-01 00:00 UTC. */
  ticks: { from: Date.UTC(2026, 9, 1) as UtcMs, to: Date.UTC(2026, 10, 1) as UtcMs },
} as const;

/** Per-symbol character of the synthetic series. */
interface Profile {
  /** Price the series wanders around. */
  level: number;
  /** Standard deviation of the daily log return. */
  dailyVol: number;
  /** Spread in points at normal activity. */
  spread: number;
  /** Ticks per minute at activity 1. */
  tickRate: number;
}

const PROFILES: Record<string, Profile> = {
  EURUSD: { level: 1.1, dailyVol: 0.0045, spread: 6, tickRate: 40 },
  GBPUSD: { level: 1.27, dailyVol: 0.0055, spread: 9, tickRate: 45 },
  USDJPY: { level: 145, dailyVol: 0.0055, spread: 8, tickRate: 40 },
  AUDUSD: { level: 0.67, dailyVol: 0.006, spread: 9, tickRate: 30 },
  USDCHF: { level: 0.88, dailyVol: 0.005, spread: 10, tickRate: 25 },
  USDCAD: { level: 1.35, dailyVol: 0.004, spread: 10, tickRate: 25 },
  NZDUSD: { level: 0.61, dailyVol: 0.0065, spread: 12, tickRate: 20 },
  XAUUSD: { level: 2000, dailyVol: 0.009, spread: 25, tickRate: 60 },
  US500: { level: 4800, dailyVol: 0.011, spread: 50, tickRate: 50 },
};

const NEW_YORK = "America/New_York";
const LONDON = "Europe/London";
const TOKYO = "Asia/Tokyo";
/** Octaves of the daily value noise: 1, 2, 4, … 2048 days. */
const OCTAVES = 12;
/** Share of FX days with a feed gap, and the gap's length range in minutes. */
const GAP_DAY_SHARE = 0.04;
const GAP_MIN_MINUTES = 10;
const GAP_EXTRA_MINUTES = 110;
/** Share of FX days with a burst at 08:30 New York, its length (minutes) and activity. */
const BURST_DAY_SHARE = 0.25;
const BURST_MINUTES = 4;
const BURST_ACTIVITY = 4;
/** Rollover window around 17:00 New York (minutes before / after) and its spread factor. */
const ROLLOVER_BEFORE = 5;
const ROLLOVER_AFTER = 15;
const ROLLOVER_SPREAD = 5;
/** Earliest instant the generator serves (zone tables and the calendar cover it comfortably). */
const EARLIEST_MS = Date.UTC(1990, 0, 1);
const MAX_MINUTES_PER_DAY = 1500;

// ---- stateless random numbers: the same (key, index) gives the same number, in any order ----

function mix(key: number, index: number): number {
  let h = Math.imul(key ^ Math.imul(index | 0, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ key, 0x27d4eb2f);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Uniform in (0, 1). */
function uniform(key: number, index: number): number {
  return (mix(key, index) + 0.5) / 4294967296;
}

/** Standard normal (Box–Muller over two keyed uniforms). */
function normal(key: number, index: number): number {
  const u1 = uniform(key, index);
  const u2 = uniform(key ^ 0x5bd1e995, index);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function stringKey(text: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix(h, seed);
}

/** Independent streams of one series. */
const STREAM = { noise: 1, step: 2, wick: 3, wick2: 4, count: 5, spread: 6, tickTime: 7, tickNoise: 8, day: 9 };

// ---- the calendar of the generator ----

/** One FX day: [start, end) in UTC ms and the UTC instants of its activity changes. */
interface FxDay {
  /** Days since 1970-01-01 of the New York date the FX day ends on. */
  number: number;
  start: number;
  end: number;
  tokyoOpen: number;
  tokyoClose: number;
  londonOpen: number;
  londonClose: number;
  newYorkOpen: number;
  newYorkRelease: number;
}

/** UTC ms of a wall time (minutes after midnight) on local epoch day `day` in `zone`. */
function wallTime(day: number, minutes: number, zone: string): number {
  return ZoneOffsets.of(zone).toUtc(day * MS_PER_DAY + minutes * MS_PER_MINUTE);
}

/**
 * The FX day ending on New York epoch day `day`, from the FX calendar of core/time (weekends and
 * its holidays closed), or undefined when the market is closed that day.
 */
function fxDay(day: number): FxDay | undefined {
  const session = FX_CALENDAR.tradingSession(formatIsoDate(day));
  if (!session.tradingDay || session.open === null || session.close === null) return undefined;
  // Tokyo's 09:00–18:00 falls on the New York date the FX day ends on (Tokyo is 13–14 h ahead).
  return {
    number: day,
    start: session.open,
    end: session.close,
    tokyoOpen: wallTime(day, 9 * 60, TOKYO),
    tokyoClose: wallTime(day, 18 * 60, TOKYO),
    londonOpen: wallTime(day, 8 * 60, LONDON),
    londonClose: wallTime(day, 16 * 60, LONDON),
    newYorkOpen: wallTime(day, 8 * 60, NEW_YORK),
    newYorkRelease: wallTime(day, 8 * 60 + 30, NEW_YORK),
  };
}

/** Calls `visit` with every open FX day that overlaps [from, to), in order. */
function forEachFxDay(from: number, to: number, visit: (day: FxDay) => void): void {
  const newYork = ZoneOffsets.of(NEW_YORK);
  const first = Math.floor(newYork.toLocal(from) / MS_PER_DAY);
  const last = Math.floor(newYork.toLocal(to) / MS_PER_DAY) + 1;
  for (let d = first; d <= last; d++) {
    const day = fxDay(d);
    if (day && day.end > from && day.start < to) visit(day);
  }
}

// ---- one day of the series ----

/** A generator for one symbol and seed; `day()` fills the scratch columns for one FX day. */
class Series {
  readonly instrument: Instrument;
  private readonly profile: Profile;
  private readonly key: number;
  private readonly scale: number;
  /** Minutes in the current day. */
  minutes = 0;
  /** Bid path at the start of each minute (index `minutes` is the next day's open). */
  readonly path = new Float64Array(MAX_MINUTES_PER_DAY + 1);
  /** Price standard deviation of each minute's step. */
  readonly sigma = new Float64Array(MAX_MINUTES_PER_DAY);
  readonly activity = new Float64Array(MAX_MINUTES_PER_DAY);
  /** Ticks in each minute (0: no bar). */
  readonly count = new Int32Array(MAX_MINUTES_PER_DAY);
  /** Spread of each minute in points. */
  readonly spread = new Float64Array(MAX_MINUTES_PER_DAY);

  constructor(symbol: string, seed: number) {
    this.instrument = instrumentFor(symbol);
    const profile = PROFILES[this.instrument.symbol];
    if (!profile) {
      throw new PipscopeError("DATA_NO_SYNTHETIC", `no synthetic profile for '${symbol}'`, { field: "symbol" });
    }
    this.profile = profile;
    this.key = stringKey(this.instrument.symbol, seed);
    this.scale = 10 ** this.instrument.digits;
  }

  round(price: number): number {
    return Math.round(price * this.scale) / this.scale;
  }

  /** How far a bar's high (stream `wick`) or low (`wick2`) reaches beyond its body, in price. */
  wick(stream: number, minuteIndex: number, sigma: number): number {
    return Math.abs(normal(this.key ^ stream, minuteIndex)) * sigma * 0.5;
  }

  /** The keyed stream of one minute's ticks: pass it to `tickUniform` / `tickNormal`. */
  tickKey(stream: number, minuteIndex: number): number {
    return mix(this.key ^ stream, minuteIndex);
  }

  /** Price at the open of the FX day numbered `dayNumber` (value noise in log space). */
  openPrice(dayNumber: number): number {
    let log = Math.log(this.profile.level);
    for (let octave = 0; octave < OCTAVES; octave++) {
      const span = 2 ** octave;
      const x = dayNumber / span;
      const i = Math.floor(x);
      const f = x - i;
      const key = this.key ^ mix(STREAM.noise, octave);
      const value = normal(key, i) * (1 - f) + normal(key, i + 1) * f;
      // Amplitude √(span/4) makes day-to-day changes add up to the daily volatility.
      log += this.profile.dailyVol * Math.sqrt(span / 4) * value;
    }
    return Math.exp(log);
  }

  day(day: FxDay): void {
    const n = (day.end - day.start) / MS_PER_MINUTE;
    this.minutes = n;
    const dayKey = this.key ^ mix(STREAM.day, day.number);
    const gapShare = uniform(dayKey, 1);
    const gapStart = gapShare < GAP_DAY_SHARE ? Math.floor(uniform(dayKey, 2) * n) : -1;
    const gapEnd = gapStart + GAP_MIN_MINUTES + Math.floor(uniform(dayKey, 3) * GAP_EXTRA_MINUTES);
    const burst = uniform(dayKey, 4) < BURST_DAY_SHARE;
    let sumSquares = 0;
    for (let m = 0; m < n; m++) {
      const t = day.start + m * MS_PER_MINUTE;
      const a = activityAt(day, t, burst);
      this.activity[m] = a;
      sumSquares += a * a;
    }
    const rms = Math.sqrt(sumSquares / n);
    const open = this.openPrice(day.number);
    const close = this.openPrice(day.number + 1);
    const minuteVol = (open * this.profile.dailyVol) / Math.sqrt(n) / rms;
    // Random steps, then a bridge so the day ends exactly at the next day's open.
    let walk = 0;
    for (let m = 0; m < n; m++) {
      const minuteIndex = (day.start / MS_PER_MINUTE + m) | 0;
      const sigma = minuteVol * this.activity[m];
      this.sigma[m] = sigma;
      this.path[m] = walk;
      walk += sigma * normal(this.key ^ STREAM.step, minuteIndex);
      const inGap = gapStart >= 0 && m >= gapStart && m < gapEnd;
      const a = this.activity[m];
      this.count[m] = inGap
        ? 0
        : Math.max(
            1,
            Math.floor(this.profile.tickRate * a * (0.6 + 0.8 * uniform(this.key ^ STREAM.count, minuteIndex))),
          );
      const rollover = m < ROLLOVER_AFTER || m >= n - ROLLOVER_BEFORE;
      const quiet = a < 0.6 ? 1.5 : a > 1.2 ? 0.9 : 1;
      const jitter = 0.85 + 0.3 * uniform(this.key ^ STREAM.spread, minuteIndex);
      this.spread[m] = Math.max(1, Math.round(this.profile.spread * quiet * jitter * (rollover ? ROLLOVER_SPREAD : 1)));
    }
    this.path[n] = walk;
    const drift = close - open - walk;
    for (let m = 0; m <= n; m++) this.path[m] = open + this.path[m] + (drift * m) / n;
  }
}

/** Session activity at UTC instant `t` of `day` (1 ≈ an average London minute). */
function activityAt(day: FxDay, t: number, burst: boolean): number {
  if (t < day.start + 60 * MS_PER_MINUTE) return 0.3; // the hour after the rollover
  if (burst && t >= day.newYorkRelease && t < day.newYorkRelease + BURST_MINUTES * MS_PER_MINUTE) return BURST_ACTIVITY;
  const london = t >= day.londonOpen && t < day.londonClose;
  const newYork = t >= day.newYorkOpen && t < day.end;
  if (london && newYork) return 1.7;
  if (london) return 1.25;
  if (newYork) return 1;
  if (t >= day.tokyoOpen && t < day.tokyoClose) return 0.7;
  return 0.45;
}

function checkRange(fromMs: number, toMs: number): void {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs < EARLIEST_MS || toMs < fromMs) {
    throw new PipscopeError(
      "DATA_BAD_RANGE",
      `synthetic data needs finite times from 1990 on with from ≤ to (got ${fromMs} → ${toMs})`,
      { field: "range" },
    );
  }
}

/**
 * Synthetic M1 bars of `symbol` over [fromMs, toMs) (UTC ms), bid prices rounded to the
 * instrument's digits, spread in points. Deterministic in (symbol, seed); see the model above.
 * @param seed any integer; default 1 (the sample's).
 * @throws PipscopeError `DATA_UNKNOWN_INSTRUMENT` / `DATA_NO_SYNTHETIC` for symbols without a
 *   built-in instrument, `DATA_BAD_RANGE` for a range before 1990 or reversed.
 */
export function syntheticBars(symbol: string, fromMs: UtcMs, toMs: UtcMs, seed = DEFAULT_SEED): BarColumns {
  checkRange(fromMs, toMs);
  const series = new Series(symbol, seed);
  const capacity = Math.ceil((toMs - fromMs) / MS_PER_MINUTE);
  const time = new Float64Array(capacity);
  const open = new Float64Array(capacity);
  const high = new Float64Array(capacity);
  const low = new Float64Array(capacity);
  const close = new Float64Array(capacity);
  const tickVolume = new Float64Array(capacity);
  const spread = new Float64Array(capacity);
  let length = 0;
  forEachFxDay(fromMs, toMs, (day) => {
    series.day(day);
    for (let m = 0; m < series.minutes; m++) {
      const t = day.start + m * MS_PER_MINUTE;
      if (t < fromMs || t >= toMs || series.count[m] === 0) continue;
      const minuteIndex = (t / MS_PER_MINUTE) | 0;
      const o = series.round(series.path[m]);
      const c = series.round(series.path[m + 1]);
      const sigma = series.sigma[m];
      time[length] = t;
      open[length] = o;
      close[length] = c;
      high[length] = series.round(Math.max(o, c) + series.wick(STREAM.wick, minuteIndex, sigma));
      low[length] = series.round(Math.min(o, c) - series.wick(STREAM.wick2, minuteIndex, sigma));
      tickVolume[length] = series.count[m];
      spread[length] = series.spread[m];
      length++;
    }
  });
  return {
    length,
    time: time.slice(0, length),
    open: open.slice(0, length),
    high: high.slice(0, length),
    low: low.slice(0, length),
    close: close.slice(0, length),
    tickVolume: tickVolume.slice(0, length),
    volume: new Float64Array(length),
    spread: spread.slice(0, length),
  };
}

/** Growable tick columns for the generator (the count is known only once generated). */
class TickBuffer {
  length = 0;
  time: Float64Array;
  bid: Float64Array;
  ask: Float64Array;
  flags: Int32Array;

  constructor(capacity: number) {
    this.time = new Float64Array(capacity);
    this.bid = new Float64Array(capacity);
    this.ask = new Float64Array(capacity);
    this.flags = new Int32Array(capacity);
  }

  reserve(extra: number): void {
    if (this.length + extra <= this.time.length) return;
    const capacity = Math.max(this.time.length * 2, this.length + extra);
    const grow = <T extends Float64Array | Int32Array>(old: T, next: T): T => {
      next.set(old.subarray(0, this.length));
      return next;
    };
    this.time = grow(this.time, new Float64Array(capacity));
    this.bid = grow(this.bid, new Float64Array(capacity));
    this.ask = grow(this.ask, new Float64Array(capacity));
    this.flags = grow(this.flags, new Int32Array(capacity));
  }

  columns(): TickColumns {
    const n = this.length;
    return {
      length: n,
      time: this.time.slice(0, n),
      bid: this.bid.slice(0, n),
      ask: this.ask.slice(0, n),
      last: new Float64Array(n).fill(Number.NaN),
      volume: new Float64Array(n),
      flags: this.flags.slice(0, n),
    };
  }
}

/**
 * Synthetic ticks of `symbol` over [fromMs, toMs) (UTC ms): bid and ask rounded to the
 * instrument's digits (ask − bid ≥ the minute's bar spread), `last` NaN and `volume` 0 as in MT5
 * FX feeds, `flags` = bid (2) and/or ask (4) for what changed. Times strictly increase. The count
 * per minute is the synthetic bars' tick volume, and minute by minute they follow the bars' path.
 * @param seed any integer; default 1 (the sample's).
 * @throws PipscopeError as `syntheticBars`.
 */
export function syntheticTicks(symbol: string, fromMs: UtcMs, toMs: UtcMs, seed = DEFAULT_SEED): TickColumns {
  checkRange(fromMs, toMs);
  const series = new Series(symbol, seed);
  const point = series.instrument.point;
  const buffer = new TickBuffer(Math.min(1 << 20, Math.ceil((toMs - fromMs) / MS_PER_MINUTE) * 16 + 16));
  let lastBid = 0;
  let lastAsk = 0;
  forEachFxDay(fromMs, toMs, (day) => {
    series.day(day);
    for (let m = 0; m < series.minutes; m++) {
      const t0 = day.start + m * MS_PER_MINUTE;
      const count = series.count[m];
      if (t0 + MS_PER_MINUTE <= fromMs || t0 >= toMs || count === 0) continue;
      const minuteIndex = (t0 / MS_PER_MINUTE) | 0;
      const timeKey = series.tickKey(STREAM.tickTime, minuteIndex);
      const noiseKey = series.tickKey(STREAM.tickNoise, minuteIndex);
      const from = series.path[m];
      const step = (series.path[m + 1] - from) / count;
      const noise = series.sigma[m] * 0.35;
      buffer.reserve(count);
      for (let k = 0; k < count; k++) {
        // Stratified offsets: tick k lands in the k-th slice of the minute, so times increase.
        const t = t0 + Math.floor(((k + uniform(timeKey, k)) / count) * MS_PER_MINUTE);
        const bid = series.round(k === 0 ? from : from + step * (k + 1) + noise * normal(noiseKey, k));
        const spreadPoints = series.spread[m] + Math.floor(uniform(noiseKey ^ STREAM.spread, k) * 3);
        const ask = series.round(bid + spreadPoints * point);
        // Flags compare with the previous tick of the same minute, so any sub-range agrees.
        const changed = k === 0 ? 0 : (bid !== lastBid ? TICK_FLAGS.bid : 0) | (ask !== lastAsk ? TICK_FLAGS.ask : 0);
        lastBid = bid;
        lastAsk = ask;
        if (t < fromMs || t >= toMs) continue;
        const i = buffer.length++;
        buffer.time[i] = t;
        buffer.bid[i] = bid;
        buffer.ask[i] = ask;
        buffer.flags[i] = changed || TICK_FLAGS.bid | TICK_FLAGS.ask;
      }
    }
  });
  return buffer.columns();
}
