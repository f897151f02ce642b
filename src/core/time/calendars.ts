import { PipscopeError } from "../errors.ts";
import { civilDate, epochDay } from "./civil.ts";
import { MarketCalendar, type MarketDefinition } from "./market-calendar.ts";
import { nyseEarlyCloses, nyseHolidays } from "./nyse-holidays.ts";

/** A fixed-date FX holiday, e.g. { month: 12, day: 25, name: "Christmas Day" }. */
export interface FxHoliday {
  month: number;
  day: number;
  name: string;
}

/** FX closes for Christmas Day and New Year's Day by default (SPEC §4; configurable). */
export const FX_DEFAULT_HOLIDAYS: readonly FxHoliday[] = [
  { month: 1, day: 1, name: "New Year's Day" },
  { month: 12, day: 25, name: "Christmas Day" },
];

/**
 * The FX market: the week opens Sunday 17:00 and closes Friday 17:00 New York, and each trading
 * day runs 17:00→17:00 New York, labelled by the date it ends on (Sunday 17:00 starts Monday).
 * That is the convention of FX dealers and of MT5 servers on UTC+2/+3 with New York DST, whose
 * midnight is 17:00 New York. A holiday closes the trading day of that date, from 17:00 on the eve
 * to 17:00 on the day.
 */
export function fxMarketDefinition(holidays: readonly FxHoliday[] = FX_DEFAULT_HOLIDAYS): MarketDefinition {
  holidays.forEach((h, i) => {
    // 29 February is allowed: it is a holiday in leap years only.
    if (!(h.month >= 1 && h.month <= 12 && h.day >= 1 && h.day <= civilDate(epochDay(2024, h.month + 1, 0)).day))
      throw new PipscopeError(
        "CALENDAR_BAD_HOLIDAY",
        `holiday '${h.name}': ${h.month}/${h.day} is not a day of the year`,
        {
          path: `$.holidays[${i}]`,
        },
      );
  });
  return {
    exchangeGroup: "FX",
    assetClass: "CURRENCY",
    name: "FX (spot currencies)",
    zone: "America/New_York",
    weekdays: [1, 2, 3, 4, 5],
    mainPhase: "open",
    hours: { open: 17 * 60 - 24 * 60, close: 17 * 60 },
    holidays: (year) =>
      holidays
        .filter((h) => civilDate(epochDay(year, h.month, h.day)).month === h.month) // 29 Feb in leap years only
        .map((h) => ({ day: epochDay(year, h.month, h.day), name: h.name })),
  };
}

/**
 * US equities (NYSE, Nasdaq): regular 09:30–16:00 New York, pre-market 04:00–09:30, post-market
 * 16:00–20:00. On an early-close day the regular session ends at 13:00 and post-market at 17:00
 * (NYSE Arca and Nasdaq late trading end at 17:00 on those days). Holidays by rule, see nyse-holidays.ts.
 */
export const US_EQUITY_DEFINITION: MarketDefinition = {
  exchangeGroup: "US_EQUITY",
  assetClass: "EQUITY",
  name: "US equities (NYSE, Nasdaq)",
  zone: "America/New_York",
  weekdays: [1, 2, 3, 4, 5],
  mainPhase: "regular",
  hours: { preOpen: 4 * 60, open: 9 * 60 + 30, close: 16 * 60, postClose: 20 * 60 },
  earlyCloseHours: { preOpen: 4 * 60, open: 9 * 60 + 30, close: 13 * 60, postClose: 17 * 60 },
  holidays: nyseHolidays,
  earlyCloses: nyseEarlyCloses,
};

/** The FX calendar with the default holidays. */
export const FX_CALENDAR = new MarketCalendar(fxMarketDefinition());
/** The US equity calendar. */
export const US_EQUITY_CALENDAR = new MarketCalendar(US_EQUITY_DEFINITION);

/** Maps (exchange_group, asset_class) to a market calendar; the pair decides the timezone and hours. */
export class CalendarRegistry {
  private readonly byKey = new Map<string, MarketCalendar>();

  constructor(calendars: readonly MarketCalendar[]) {
    for (const calendar of calendars) this.register(calendar);
  }

  /** Adds or replaces the calendar of its (exchange_group, asset_class). */
  register(calendar: MarketCalendar): void {
    this.byKey.set(key(calendar.exchangeGroup, calendar.assetClass), calendar);
  }

  /** The calendar of a pair (case-insensitive); an unknown pair is a PipscopeError listing the known ones. */
  get(exchangeGroup: string, assetClass: string): MarketCalendar {
    const calendar = this.byKey.get(key(exchangeGroup, assetClass));
    if (calendar) return calendar;
    const known = this.list()
      .map((c) => `(${c.exchangeGroup}, ${c.assetClass})`)
      .join(", ");
    throw new PipscopeError(
      "CALENDAR_UNKNOWN",
      `no market calendar for exchange group '${exchangeGroup}' and asset class '${assetClass}'; known: ${known}`,
      { field: "exchange_group" },
    );
  }

  list(): MarketCalendar[] {
    return [...this.byKey.values()];
  }
}

function key(exchangeGroup: string, assetClass: string): string {
  return `${exchangeGroup.toUpperCase()}\u0000${assetClass.toUpperCase()}`;
}

/** The built-in calendars: (FX, CURRENCY) and (US_EQUITY, EQUITY). */
export const CALENDARS = new CalendarRegistry([FX_CALENDAR, US_EQUITY_CALENDAR]);

/** The built-in calendar of (exchange_group, asset_class); unknown pairs throw CALENDAR_UNKNOWN. */
export function marketCalendar(exchangeGroup: string, assetClass: string): MarketCalendar {
  return CALENDARS.get(exchangeGroup, assetClass);
}
