import { z } from "zod";
import { MS_PER_DAY } from "../units.ts";

/**
 * The span a config's dates may fall in, [1970-01-01, 2100-01-01) UTC: market data and calendars
 * go no further, and a run never has to walk billions of days of calendar.
 */
export const FIRST_CONFIG_DATE = "1970-01-01";
export const END_OF_CONFIG_DATES = "2100-01-01";
export const FIRST_MS = Date.UTC(1970, 0, 1);
export const END_MS = Date.UTC(2100, 0, 1);
/** The most days a run may span: the whole of that span. */
export const MAX_BACKTEST_DAYS = (END_MS - FIRST_MS) / MS_PER_DAY;

/** A config date as UTC ms ("2024-01-31" is UTC midnight; a time without a zone is UTC); NaN if none. */
export function configInstant(value: string): number {
  const normalised =
    value.length === 10 ? `${value}T00:00:00Z` : /Z|[+-]\d{2}:\d{2}$/.test(value) ? value : `${value}Z`;
  return Date.parse(normalised);
}

/** A date or date-time of a config, within the span. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/, {
    message: "expected a date like 2024-01-31 or 2024-01-31T00:00:00Z (UTC)",
  })
  .refine(
    (value) => {
      const ms = configInstant(value);
      return ms >= FIRST_MS && ms < END_MS;
    },
    { message: `expected a date from ${FIRST_CONFIG_DATE} to 2099-12-31 (UTC)`, abort: true },
  );
