import { z } from "zod";
import type { PipscopeError } from "../../errors.ts";

/** Impact levels of an economic-calendar event, as ForexFactory names them. */
export const IMPACTS = ["High", "Medium", "Low", "Holiday"] as const;
export type Impact = (typeof IMPACTS)[number];

/**
 * One economic-calendar event. Stored in IndexedDB and exchanged with the UI, so it has a schema:
 * what comes back from storage is checked like any other input.
 */
export const newsEventSchema = z.strictObject({
  /** UTC ms; for an all-day event, 00:00 UTC of its calendar date (it has no time of day to convert). */
  time: z.number().finite(),
  /** True for all-day and tentative entries, whose time of day is unknown; kill zones skip them. */
  allDay: z.boolean(),
  /** ISO currency code in capitals (USD, EUR…), or ALL for events that concern every currency. */
  currency: z.string().regex(/^[A-Z]{3}$/),
  impact: z.enum(IMPACTS),
  title: z.string().min(1),
  /** As published ("3.1%", "215K"); empty when none. */
  forecast: z.string(),
  previous: z.string(),
});
export type NewsEvent = z.infer<typeof newsEventSchema>;

/** The calendar formats Pipscope reads. */
export type NewsFormat = "forexfactory-json" | "csv" | "xml";

/** What an import produced: the good events, and one error (with line and field) per skipped row. */
export interface NewsImport {
  format: NewsFormat;
  events: NewsEvent[];
  /** One per malformed row, in file order; those rows are skipped. */
  errors: PipscopeError[];
}

/** Options of every parser. */
export interface NewsParseOptions {
  /** File name for error locations. */
  file: string;
  /**
   * IANA zone of dates and times written without an offset (CSV and XML exports use the zone set
   * in the user's calendar settings); UTC if omitted.
   */
  zone?: string;
}

/** A stable key for an event, so importing the same week twice does not duplicate it. */
export function newsEventKey(event: NewsEvent): string {
  return `${event.time}|${event.currency}|${event.title}`;
}
