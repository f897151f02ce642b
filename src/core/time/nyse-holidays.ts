import { civilDate, epochDay, isoWeekday } from "./civil.ts";

/** A dated note of a market calendar: an epoch day (local trading date) and its name. */
export interface DayNote {
  day: number;
  name: string;
}

/** Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return epochDay(year, month, day);
}

/** The `nth` (1-based) ISO weekday (1 Monday … 7 Sunday) of a month; nth = -1 for the last. */
export function nthWeekday(year: number, month: number, weekday: number, nth: number): number {
  if (nth > 0) {
    const first = epochDay(year, month, 1);
    return first + ((weekday - isoWeekday(first) + 7) % 7) + (nth - 1) * 7;
  }
  const last = epochDay(year, month + 1, 1) - 1; // epochDay handles month 13 as January next year
  return last - ((isoWeekday(last) - weekday + 7) % 7);
}

/**
 * A fixed-date holiday moved off the weekend as NYSE Rule 7.2 does: Sunday → Monday, Saturday →
 * Friday. New Year's Day is the exception (a Saturday New Year is not observed on the Friday before,
 * which would close the market on the last trading day of the year).
 */
function observed(day: number, saturdayToFriday: boolean): number | null {
  const weekday = isoWeekday(day);
  if (weekday === 7) return day + 1;
  if (weekday === 6) return saturdayToFriday ? day - 1 : null;
  return day;
}

/**
 * Full-day NYSE closures of a year, computed by rule (NYSE Rule 7.2 and the holiday list at
 * https://www.nyse.com/markets/hours-calendars): New Year's Day, Martin Luther King Jr. Day (3rd
 * Monday of January, since 1998), Washington's Birthday (3rd Monday of February), Good Friday,
 * Memorial Day (last Monday of May), Juneteenth (19 June, from 2022), Independence Day, Labor Day
 * (1st Monday of September), Thanksgiving (4th Thursday of November) and Christmas, plus the
 * unscheduled closures listed in NYSE_SPECIAL_CLOSURES.
 */
export function nyseHolidays(year: number): DayNote[] {
  const notes: DayNote[] = [];
  const add = (day: number | null, name: string) => {
    if (day !== null && civilDate(day).year === year) notes.push({ day, name });
  };
  add(observed(epochDay(year, 1, 1), false), "New Year's Day");
  if (year >= 1998) add(nthWeekday(year, 1, 1, 3), "Martin Luther King Jr. Day");
  add(nthWeekday(year, 2, 1, 3), "Washington's Birthday");
  add(easterSunday(year) - 2, "Good Friday");
  add(nthWeekday(year, 5, 1, -1), "Memorial Day");
  if (year >= 2022) add(observed(epochDay(year, 6, 19), true), "Juneteenth National Independence Day");
  add(observed(epochDay(year, 7, 4), true), "Independence Day");
  add(nthWeekday(year, 9, 1, 1), "Labor Day");
  add(nthWeekday(year, 11, 4, 4), "Thanksgiving Day");
  add(observed(epochDay(year, 12, 25), true), "Christmas Day");
  for (const special of NYSE_SPECIAL_CLOSURES) if (civilDate(special.day).year === year) notes.push(special);
  return notes.sort((a, b) => a.day - b.day);
}

/**
 * Closures no rule predicts, announced by NYSE (https://www.nyse.com/trader-update/history): days
 * of mourning for presidents and Hurricane Sandy. Add new ones here.
 */
export const NYSE_SPECIAL_CLOSURES: readonly DayNote[] = [
  { day: epochDay(2004, 6, 11), name: "National Day of Mourning for President Ronald Reagan" },
  { day: epochDay(2007, 1, 2), name: "National Day of Mourning for President Gerald Ford" },
  { day: epochDay(2012, 10, 29), name: "Hurricane Sandy" },
  { day: epochDay(2012, 10, 30), name: "Hurricane Sandy" },
  { day: epochDay(2018, 12, 5), name: "National Day of Mourning for President George H.W. Bush" },
  { day: epochDay(2025, 1, 9), name: "National Day of Mourning for President Jimmy Carter" },
];

/**
 * 13:00 early closes of a year: the day after Thanksgiving, Christmas Eve and 3 July, each only when
 * it is a trading day (a 3 July that is the observed Independence Day, or a Christmas Eve on a
 * weekend, is not an early close). Source: NYSE holidays and early closings,
 * https://www.nyse.com/markets/hours-calendars.
 */
export function nyseEarlyCloses(year: number, isTradingDay: (day: number) => boolean): DayNote[] {
  const candidates: DayNote[] = [
    { day: epochDay(year, 7, 3), name: "Independence Day eve" },
    { day: nthWeekday(year, 11, 4, 4) + 1, name: "Day after Thanksgiving" },
    { day: epochDay(year, 12, 24), name: "Christmas Eve" },
  ];
  return candidates.filter((note) => isTradingDay(note.day));
}
