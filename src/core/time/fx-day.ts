import { MS_PER_DAY, MS_PER_MINUTE, type UtcMs } from "../units.ts";
import { formatIsoDate, isoWeekday, localMs } from "./civil.ts";
import { ZoneOffsets } from "./zone-offsets.ts";

/** The FX day rolls at 17:00 New York (see fxMarketDefinition for the convention). */
const ROLLOVER_MINUTES = 17 * 60;
const newYork = () => ZoneOffsets.of("America/New_York");

/** The New York local day (epoch day) of the trading date an instant belongs to. */
function tradingEpochDay(ms: UtcMs): number {
  const local = newYork().toLocal(ms);
  const day = Math.floor(local / MS_PER_DAY);
  return local - day * MS_PER_DAY >= ROLLOVER_MINUTES * MS_PER_MINUTE ? day + 1 : day;
}

/**
 * The start of the FX trading day holding `ms`: the last 17:00 New York at or before it, UTC ms.
 * An FX D1 bar opens there and covers 17:00→17:00 New York (SPEC §3).
 */
export function fxTradingDayStart(ms: UtcMs): UtcMs {
  return newYork().toUtc(localMs(tradingEpochDay(ms) - 1, ROLLOVER_MINUTES));
}

/** The FX trading date (`YYYY-MM-DD`, the New York date on which it ends) of an instant. */
export function fxTradingDate(ms: UtcMs): string {
  return formatIsoDate(tradingEpochDay(ms));
}

/** UTC ms of every 17:00 New York in [fromMs, toMs), weekends included, ascending. */
export function fxRolloverTimes(fromMs: UtcMs, toMs: UtcMs): Float64Array {
  const times: number[] = [];
  for (let day = tradingEpochDay(fromMs) - 1; ; day++) {
    const at = newYork().toUtc(localMs(day, ROLLOVER_MINUTES));
    if (at >= toMs) break;
    if (at >= fromMs) times.push(at);
  }
  return Float64Array.from(times);
}

/**
 * The swap rollovers in [fromMs, toMs): the close (17:00 New York) of each Monday–Friday trading
 * day, and the days of swap each charges — 3 on Wednesday, which pays for the weekend because spot
 * value dates are T+2 (MT5's default "3-day swap" day, SYMBOL_SWAP_ROLLOVER3DAYS). Holiday value
 * date shifts are not modelled: a holiday's rollover charges one day like any other.
 */
export function fxRollovers(fromMs: UtcMs, toMs: UtcMs): { time: Float64Array; days: Uint8Array } {
  const all = fxRolloverTimes(fromMs, toMs);
  const time: number[] = [];
  const days: number[] = [];
  for (const at of all) {
    const weekday = isoWeekday(Math.floor(newYork().toLocal(at) / MS_PER_DAY));
    if (weekday > 5) continue;
    time.push(at);
    days.push(weekday === 3 ? 3 : 1);
  }
  return { time: Float64Array.from(time), days: Uint8Array.from(days) };
}
