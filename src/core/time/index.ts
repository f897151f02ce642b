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
export { parseNewsCsv } from "./news/csv.ts";
export { symbolCurrencies } from "./news/currencies.ts";
export { decodeNewsBytes } from "./news/decode.ts";
export {
  IMPACTS,
  type Impact,
  type NewsEvent,
  type NewsFormat,
  type NewsImport,
  type NewsParseOptions,
  newsEventKey,
  newsEventSchema,
} from "./news/events.ts";
export { parseForexFactoryJson } from "./news/forexfactory-json.ts";
export { detectNewsFormat, importNewsFile } from "./news/import.ts";
export { type KillZoneConfig, KillZones, killZoneConfigSchema, parseKillZoneConfig } from "./news/kill-zones.ts";
export { parseNewsXml } from "./news/xml.ts";
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
