import { PipscopeError } from "../errors.ts";
import type { SessionColumns } from "../time/index.ts";
import { ZoneOffsets } from "../time/zone-offsets.ts";
import { MS_PER_DAY, MS_PER_MINUTE, type UtcMs } from "../units.ts";
import type { BotManifest, TimeWindow } from "./bot.ts";
import type { CircuitBreaker } from "./breaker.ts";
import type { KillZoneColumn } from "./kill-zones.ts";
import { REGIME_CODE, REGIMES } from "./regime.ts";

/** What the router knows about each row of a run, computed once (see core/config prepare). */
export interface RouterColumns {
  time: Float64Array;
  /** Session masks; needed by bots that prefer sessions. */
  sessions?: SessionColumns;
  /** REGIME_CODE per row; needed by bots that prefer regimes. */
  regime?: Uint8Array;
  /** News kill zones; bots with `avoid_news` sit them out. */
  killZones?: KillZoneColumn;
}

/** One compiled time window: minutes of the local day and the weekdays (bits 1–7) it starts on. */
interface LocalWindow {
  offsets: ZoneOffsets;
  start: number;
  end: number;
  days: number;
}

const hhmm = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
const ALL_DAYS = 0b1111_1110;

function compileWindow(window: TimeWindow): LocalWindow {
  let days = ALL_DAYS;
  if (window.days) {
    days = 0;
    for (const day of window.days) days |= 1 << day;
  }
  return { offsets: ZoneOffsets.of(window.timezone), start: hhmm(window.start), end: hhmm(window.end), days };
}

/** ISO weekday (1 Monday … 7 Sunday) of an epoch day (day 0, 1970-01-01, was a Thursday). */
const isoWeekday = (epochDay: number) => ((((epochDay + 3) % 7) + 7) % 7) + 1;

function inWindow(w: LocalWindow, time: UtcMs): boolean {
  const local = w.offsets.toLocal(time);
  const day = Math.floor(local / MS_PER_DAY);
  const minute = Math.floor((local - day * MS_PER_DAY) / MS_PER_MINUTE);
  if (w.start < w.end) return minute >= w.start && minute < w.end && (w.days & (1 << isoWeekday(day))) !== 0;
  if (w.start === w.end) return (w.days & (1 << isoWeekday(day))) !== 0;
  // Crosses midnight: the part after midnight belongs to the window that started the day before.
  if (minute >= w.start) return (w.days & (1 << isoWeekday(day))) !== 0;
  return minute < w.end && (w.days & (1 << isoWeekday(day - 1))) !== 0;
}

const listed = (singular: string, plural: string, items: readonly string[]) =>
  `${items.length > 1 ? plural : singular} ${items.join(", ")}`;

/**
 * Whether a bot may open a trade on a row, and if not, why — the router's eligibility test
 * (SPEC §5, issue 8 point 4), compiled once per bot and run: the checks read typed columns and
 * return precomputed sentences, so a skip allocates nothing (except a kill zone's event text).
 */
export class BotGate {
  private readonly sessionBits: number;
  private readonly windows: LocalWindow[];
  /** Bit per REGIME_CODE the bot trades in (0: any). */
  private readonly regimeBits: number;
  private readonly outsideSession: string;
  private readonly outsideWindow: string;
  private readonly wrongRegime: string[];

  constructor(
    readonly manifest: BotManifest,
    private readonly columns: RouterColumns,
  ) {
    const { sessions, time_windows, regimes } = manifest;
    let bits = 0;
    if (sessions.length) {
      const known = columns.sessions;
      if (!known)
        throw new PipscopeError(
          "ROUTER_NO_SESSIONS",
          `bot '${manifest.name}' prefers sessions but the run has no session labels`,
        );
      for (const id of sessions) {
        const bit = known.ids.indexOf(id);
        if (bit < 0)
          throw new PipscopeError(
            "ROUTER_UNKNOWN_SESSION",
            `bot '${manifest.name}': unknown session '${id}', one of ${known.ids.join(", ")}`,
          );
        bits |= 1 << bit;
      }
    }
    this.sessionBits = bits;
    this.windows = time_windows.map(compileWindow);
    let regimeBits = 0;
    if (regimes.length) {
      if (!columns.regime)
        throw new PipscopeError(
          "ROUTER_NO_REGIMES",
          `bot '${manifest.name}' prefers regimes but the run has no regime labels`,
        );
      for (const regime of regimes) regimeBits |= 1 << REGIME_CODE[regime];
    }
    this.regimeBits = regimeBits;
    this.outsideSession = `outside ${listed("session", "sessions", sessions)}`;
    this.outsideWindow = `outside ${listed(
      "time window",
      "time windows",
      time_windows.map((w) => `${w.start}–${w.end} ${w.timezone}`),
    )}`;
    this.wrongRegime = REGIMES.map((label) => `regime ${label} (trades in ${regimes.join(", ")})`);
  }

  /**
   * Why the bot may not open a trade on row `index`, or undefined when it may. Checked in this
   * order, the first failing one named: session ("outside session LONDON"), time window
   * ("outside time window 08:00–11:00 Europe/London"), regime ("regime RANGE (trades in
   * TREND_UP, TREND_DOWN)"), news ("kill zone: USD Non-Farm Payrolls 13:30 UTC"), breaker
   * ("breaker: 3 consecutive losses").
   */
  skipReason(index: number, breaker?: CircuitBreaker): string | undefined {
    const { columns } = this;
    if (this.sessionBits !== 0 && ((columns.sessions as SessionColumns).mask[index] & this.sessionBits) === 0)
      return this.outsideSession;
    const time = columns.time[index];
    if (this.windows.length > 0) {
      let inside = false;
      for (let w = 0; w < this.windows.length && !inside; w++) inside = inWindow(this.windows[w], time);
      if (!inside) return this.outsideWindow;
    }
    if (this.regimeBits !== 0) {
      const code = (columns.regime as Uint8Array)[index];
      if ((this.regimeBits & (1 << code)) === 0) return this.wrongRegime[code];
    }
    const zones = columns.killZones;
    if (this.manifest.avoid_news && zones && zones.mask[index] !== 0) return zones.reasonAt(index);
    return breaker?.reasonAt(time);
  }
}
