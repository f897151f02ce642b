export {
  CALENDARS,
  CalendarRegistry,
  FX_CALENDAR,
  FX_DEFAULT_HOLIDAYS,
  type FxHoliday,
  fxMarketDefinition,
  marketCalendar,
  US_EQUITY_CALENDAR,
  US_EQUITY_DEFINITION,
} from "./calendars.ts";
export { epochDay, formatIsoDate, isoWeekday, parseHhMm, parseIsoDate } from "./civil.ts";
export { type Clock, SimulatedClock, systemClock } from "./clock.ts";
export { fxRollovers, fxRolloverTimes, fxTradingDate, fxTradingDayStart } from "./fx-day.ts";
export {
  MARKET_PHASES,
  MarketCalendar,
  type MarketDefinition,
  type MarketHours,
  type MarketPhase,
  PHASE_CODE,
  type TradingSession,
} from "./market-calendar.ts";
export { type DayNote, easterSunday, NYSE_SPECIAL_CLOSURES, nyseEarlyCloses, nyseHolidays } from "./nyse-holidays.ts";
export { fillSessionMask, type SessionColumns, sessionColumns } from "./session-mask.ts";
export { activeSessionMask, primarySession, type SessionSnapshot, sessionsAt } from "./session-queries.ts";
export {
  CLOSED,
  DEFAULT_OVERLAPS,
  DEFAULT_SESSION_SCHEDULE,
  DEFAULT_SESSIONS,
  type OverlapDefinition,
  type SessionDefinition,
  SessionSchedule,
  type SessionScheduleInput,
  sessionScheduleSchema,
} from "./session-schedule.ts";
export { ZoneOffsets } from "./zone-offsets.ts";
