import { PipscopeError } from "../errors.ts";
import { MS_PER_DAY, MS_PER_MINUTE } from "../units.ts";

/**
 * Calendar arithmetic on "epoch days" (days since 1970-01-01 in the proleptic Gregorian calendar)
 * and "local ms" (a wall-clock date-time encoded as if it were UTC). No time zone is involved here:
 * zones are applied by zone-offsets.ts. Plain integer arithmetic because the day tables call these
 * thousands of times and a Temporal call costs tens of microseconds.
 */

/** Days since 1970-01-01 of a civil date (month 1–12). Howard Hinnant's `days_from_civil`
 * (https://howardhinnant.github.io/date_algorithms.html#days_from_civil). */
export function epochDay(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The civil date of an epoch day (Hinnant's `civil_from_days`). */
export function civilDate(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** ISO weekday of an epoch day: 1 Monday … 7 Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/** The year of an instant or local ms. */
export function yearOf(ms: number): number {
  return civilDate(Math.floor(ms / MS_PER_DAY)).year;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD` into an epoch day; anything else (including 2023-02-29) is a PipscopeError. */
export function parseIsoDate(text: string, field = "date"): number {
  const match = ISO_DATE.exec(text);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const days = epochDay(year, month, day);
    const back = civilDate(days);
    if (back.month === month && back.day === day) return days;
  }
  throw new PipscopeError("TIME_BAD_DATE", `'${text}' is not a calendar date; write it as YYYY-MM-DD`, { field });
}

/** `YYYY-MM-DD` of an epoch day. */
export function formatIsoDate(days: number): string {
  const { year, month, day } = civilDate(days);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of a `HH:MM` wall time (00:00–23:59); anything else is a PipscopeError. */
export function parseHhMm(text: string, field = "time"): number {
  const match = HH_MM.exec(text);
  if (!match)
    throw new PipscopeError("TIME_BAD_CLOCK_TIME", `'${text}' is not a time of day; write it as HH:MM`, { field });
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Local ms of minute `minutes` (may be negative or past 24 h) of local epoch day `days`. */
export function localMs(days: number, minutes: number): number {
  return days * MS_PER_DAY + minutes * MS_PER_MINUTE;
}
