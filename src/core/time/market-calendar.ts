import { PipscopeError } from "../errors.ts";
import { MS_PER_DAY, type UtcMs } from "../units.ts";
import { civilDate, formatIsoDate, isoWeekday, localMs, parseIsoDate } from "./civil.ts";
import type { DayNote } from "./nyse-holidays.ts";
import { buildSegmentTable, type ChannelInterval, SegmentCache } from "./segments.ts";
import { ZoneOffsets } from "./zone-offsets.ts";

/** Phases of a market. FX has only open/closed; exchanges have extended hours around "regular". */
export const MARKET_PHASES = ["closed", "open", "pre_market", "regular", "post_market"] as const;
export type MarketPhase = (typeof MARKET_PHASES)[number];
/** Phase → its code in a vectorised phase array (index into MARKET_PHASES); closed is 0. */
export const PHASE_CODE: Readonly<Record<MarketPhase, number>> = {
  closed: 0,
  open: 1,
  pre_market: 2,
  regular: 3,
  post_market: 4,
};

/**
 * Trading hours of one trading date, in minutes after local midnight of that date in the market's
 * zone. Negative minutes fall on the evening before (FX opens at -420: 17:00 the day before).
 */
export interface MarketHours {
  preOpen?: number;
  open: number;
  close: number;
  postClose?: number;
}

/** Everything that defines a market calendar; MarketCalendar answers questions about it. */
export interface MarketDefinition {
  exchangeGroup: string;
  assetClass: string;
  /** A readable name, e.g. "US equities (NYSE, Nasdaq)". */
  name: string;
  /** IANA zone the hours are written in. */
  zone: string;
  /** ISO weekdays (1 Monday … 7 Sunday) that are trading days unless a holiday. */
  weekdays: readonly number[];
  /** The name of the main session: "open" where there are no extended hours (FX), else "regular". */
  mainPhase: "open" | "regular";
  hours: MarketHours;
  /** Hours on an early-close day (defaults to `hours`). */
  earlyCloseHours?: MarketHours;
  /** Full-day closures of a year, by local trading date. */
  holidays(year: number): readonly DayNote[];
  /** Early closes of a year; `isTradingDay` already accounts for weekends and holidays. */
  earlyCloses?(year: number, isTradingDay: (day: number) => boolean): readonly DayNote[];
}

/** The session of one date: instants are UTC ms, null when the market does not trade that day. */
export interface TradingSession {
  /** The trading date, `YYYY-MM-DD` in the market's zone. */
  date: string;
  tradingDay: boolean;
  /** The holiday's name when a weekday is closed for one. */
  holiday: string | null;
  /** Why the day closes early, or null on a normal day. */
  earlyClose: string | null;
  preOpen: UtcMs | null;
  open: UtcMs | null;
  close: UtcMs | null;
  postClose: UtcMs | null;
}

interface Piece {
  start: number;
  end: number;
  code: number;
}

interface YearNotes {
  holidays: Map<number, string>;
  early: Map<number, string>;
}

/** How far the scalar searches look for the next phase change or trading day. */
const SEARCH_DAYS = 3660;

/**
 * A market's calendar: trading days, the session of a date, the phase at an instant, and the phase
 * of every row of a time column at once (from a per-day table, not a Temporal call per row).
 * Dates are `YYYY-MM-DD` local trading dates; instants are UTC ms.
 */
export class MarketCalendar {
  readonly exchangeGroup: string;
  readonly assetClass: string;
  readonly zone: string;
  private readonly offsets: ZoneOffsets;
  private readonly years = new Map<number, YearNotes>();
  private readonly segments: SegmentCache;

  constructor(readonly definition: MarketDefinition) {
    if (definition.weekdays.length === 0)
      throw new PipscopeError("CALENDAR_NO_WEEKDAYS", `market ${definition.name} has no trading weekdays`);
    this.exchangeGroup = definition.exchangeGroup;
    this.assetClass = definition.assetClass;
    this.zone = definition.zone;
    this.offsets = ZoneOffsets.of(definition.zone);
    this.segments = new SegmentCache((fromMs, toMs) => this.buildTable(fromMs, toMs));
  }

  /** Whether the market trades on a date (`YYYY-MM-DD`). */
  isTradingDay(date: string): boolean {
    return this.trades(parseIsoDate(date));
  }

  /** The session of a date: open/close instants, early close and holiday name. */
  tradingSession(date: string): TradingSession {
    const day = parseIsoDate(date);
    const trading = this.trades(day);
    const early = trading ? (this.notes(day).early.get(day) ?? null) : null;
    const session: TradingSession = {
      date: formatIsoDate(day),
      tradingDay: trading,
      holiday: this.notes(day).holidays.get(day) ?? null,
      earlyClose: early,
      preOpen: null,
      open: null,
      close: null,
      postClose: null,
    };
    if (!trading) return session;
    const hours = this.hoursOf(day);
    const at = (minutes: number) => this.offsets.toUtc(localMs(day, minutes));
    session.open = at(hours.open);
    session.close = at(hours.close);
    if (hours.preOpen !== undefined) session.preOpen = at(hours.preOpen);
    if (hours.postClose !== undefined) session.postClose = at(hours.postClose);
    return session;
  }

  /** The first trading date strictly after `date`. */
  nextTradingDay(date: string): string {
    return formatIsoDate(this.stepTradingDay(parseIsoDate(date), 1));
  }

  /** The last trading date strictly before `date`. */
  previousTradingDay(date: string): string {
    return formatIsoDate(this.stepTradingDay(parseIsoDate(date), -1));
  }

  /** Trading dates from `from` to `to`, both included; `to` before `from` is a PipscopeError. */
  countTradingDays(from: string, to: string): number {
    const first = parseIsoDate(from, "from");
    const last = parseIsoDate(to, "to");
    if (last < first) throw new PipscopeError("TIME_BAD_RANGE", `the range ends (${to}) before it starts (${from})`);
    let count = 0;
    for (let day = first; day <= last; day++) if (this.trades(day)) count++;
    return count;
  }

  /** The phase of the market at an instant. */
  phaseAt(ms: UtcMs): MarketPhase {
    return MARKET_PHASES[this.codeAt(ms)];
  }

  /**
   * Whether the main session trades at an instant (FX open, or US equities' regular hours;
   * extended hours do not count). The data layer measures gaps with it: a weekend or a holiday is
   * not a gap. An arrow property, so it can be passed around as a plain function.
   */
  readonly isMarketOpen = (ms: UtcMs): boolean => this.codeAt(ms) === PHASE_CODE[this.definition.mainPhase];

  /** The next instant after `ms` at which the phase changes, and the phase it changes to. */
  nextPhaseChange(ms: UtcMs): { phase: MarketPhase; at: UtcMs } | null {
    const current = this.codeAt(ms);
    const today = this.localDay(ms);
    for (let day = today - 1; day < today + SEARCH_DAYS; day++) {
      for (const piece of this.pieces(day)) {
        for (const boundary of [piece.start, piece.end]) {
          if (boundary <= ms) continue;
          const code = this.codeAt(boundary);
          if (code !== current) return { phase: MARKET_PHASES[code], at: boundary };
        }
      }
    }
    return null;
  }

  /** The intervals [start, end) (UTC ms) of the main session within [fromMs, toMs): merged when contiguous, clipped to the range. */
  openIntervals(fromMs: UtcMs, toMs: UtcMs): [UtcMs, UtcMs][] {
    const main = PHASE_CODE[this.definition.mainPhase];
    const intervals: [number, number][] = [];
    for (let day = this.localDay(fromMs) - 1; day <= this.localDay(toMs) + 1; day++) {
      for (const piece of this.pieces(day)) {
        if (piece.code !== main || piece.end <= fromMs || piece.start >= toMs) continue;
        const start = Math.max(piece.start, fromMs);
        const end = Math.min(piece.end, toMs);
        const last = intervals[intervals.length - 1];
        if (last && last[1] === start) last[1] = end;
        else intervals.push([start, end]);
      }
    }
    return intervals;
  }

  /**
   * Writes the phase code (PHASE_CODE; MARKET_PHASES[code] names it) of every instant of `times`
   * (UTC ms, any order) into `out` and returns it.
   */
  fillPhases(times: Float64Array, out: Uint8Array = new Uint8Array(times.length)): Uint8Array {
    this.segments.fill(times, out);
    return out;
  }

  private codeAt(ms: number): number {
    const today = this.localDay(ms);
    for (let day = today - 1; day <= today + 1; day++)
      for (const piece of this.pieces(day)) if (piece.start <= ms && ms < piece.end) return piece.code;
    return 0;
  }

  private localDay(ms: number): number {
    return Math.floor(this.offsets.toLocal(ms) / MS_PER_DAY);
  }

  private trades(day: number): boolean {
    return this.definition.weekdays.includes(isoWeekday(day)) && !this.notes(day).holidays.has(day);
  }

  private hoursOf(day: number): MarketHours {
    const early = this.notes(day).early.has(day);
    return early ? (this.definition.earlyCloseHours ?? this.definition.hours) : this.definition.hours;
  }

  /** The phase intervals of a trading date, in time order; none on a non-trading day. */
  private pieces(day: number): Piece[] {
    if (!this.trades(day)) return [];
    const hours = this.hoursOf(day);
    const at = (minutes: number) => this.offsets.toUtc(localMs(day, minutes));
    const open = at(hours.open);
    const close = at(hours.close);
    const pieces: Piece[] = [];
    if (hours.preOpen !== undefined) pieces.push({ start: at(hours.preOpen), end: open, code: PHASE_CODE.pre_market });
    pieces.push({ start: open, end: close, code: PHASE_CODE[this.definition.mainPhase] });
    if (hours.postClose !== undefined)
      pieces.push({ start: close, end: at(hours.postClose), code: PHASE_CODE.post_market });
    return pieces;
  }

  private stepTradingDay(from: number, step: 1 | -1): number {
    for (let day = from + step, n = 0; n < SEARCH_DAYS; day += step, n++) if (this.trades(day)) return day;
    throw new PipscopeError(
      "CALENDAR_NO_TRADING_DAY",
      `${this.definition.name} has no trading day near ${formatIsoDate(from)}`,
    );
  }

  private notes(day: number): YearNotes {
    const year = civilDate(day).year;
    let notes = this.years.get(year);
    if (!notes) {
      const holidays = new Map(this.definition.holidays(year).map((note) => [note.day, note.name]));
      const weekdays = this.definition.weekdays;
      const isTradingDay = (d: number) => weekdays.includes(isoWeekday(d)) && !holidays.has(d);
      const early = new Map((this.definition.earlyCloses?.(year, isTradingDay) ?? []).map((n) => [n.day, n.name]));
      notes = { holidays, early };
      this.years.set(year, notes);
    }
    return notes;
  }

  private buildTable(fromMs: number, toMs: number) {
    const intervals: ChannelInterval[] = [];
    for (let day = this.localDay(fromMs) - 2; day <= this.localDay(toMs) + 2; day++)
      for (const piece of this.pieces(day)) intervals.push({ start: piece.start, end: piece.end, channel: piece.code });
    return buildSegmentTable(fromMs, toMs, intervals, MARKET_PHASES.length, (counts) => {
      for (let code = 1; code < counts.length; code++) if (counts[code] > 0) return code;
      return 0;
    });
  }
}
