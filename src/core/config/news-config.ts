import { z } from "zod";
import { PipscopeError } from "../errors.ts";
import { IMPACTS, type KillZoneConfig, type NewsEvent, symbolCurrencies } from "../time/index.ts";

const currency = z.string().regex(/^[A-Z]{3}$/, { message: "expected a currency code in capitals, e.g. USD" });

const inlineEventSchema = z.strictObject({
  time: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, {
      message: "expected an instant with its offset, like 2024-03-08T13:30:00Z",
    })
    .refine((time) => Number.isFinite(Date.parse(time)), { message: "not a real date and time" })
    .describe("The release instant, with its offset (Z for UTC)."),
  currency: z.union([currency, z.literal("ALL")]).describe("ISO code, or ALL for events that move every currency."),
  impact: z.enum(IMPACTS).default("High"),
  title: z.string().min(1),
});

/**
 * The session config's `news` field: where the economic calendar comes from and the kill zones
 * drawn around its events (SPEC §4). With neither `file` nor `events`, the run uses the calendar
 * imported in the app (News page).
 */
export const newsConfigSchema = z
  .strictObject({
    file: z
      .string()
      .min(1)
      .optional()
      .describe(
        "A calendar export (ForexFactory JSON, CSV or XML), relative to this config; read by the command line.",
      ),
    file_timezone: z.string().min(1).optional().describe("IANA zone of CSV and XML times written without one (UTC)."),
    events: z.array(inlineEventSchema).optional().describe("Events given inline instead of a file."),
    currencies: z
      .array(currency)
      .min(1)
      .optional()
      .describe("Currencies whose news counts; default the symbol's (EURUSD: EUR and USD)."),
    minutes_before: z.number().int().min(0).max(1440).default(30),
    minutes_after: z.number().int().min(0).max(1440).default(30),
    impacts: z.array(z.enum(IMPACTS)).min(1).default(["High"]),
    flatten: z.boolean().default(false).describe("Close positions and cancel pending orders before each kill zone."),
  })
  .refine((news) => news.file === undefined || news.events === undefined, {
    message: "give news.file or news.events, not both",
  })
  .describe("News kill zones: no new entries from minutes_before until minutes_after each event.");

export type NewsConfig = z.infer<typeof newsConfigSchema>;

/** A calendar file a run reads: its path as the config wrote it, and the zone of naive times. */
export interface NewsFile {
  path: string;
  zone?: string;
}

/** The kill-zone part of a run plan. */
export interface NewsPlan {
  /** Where the events come from: inline events, a file, or (neither) the app's stored calendar. */
  events?: NewsEvent[];
  file?: NewsFile;
  currencies: string[];
  killZones: KillZoneConfig;
  flatten: boolean;
}

/** Resolves a validated `news` field for `symbol`: inline times to UTC ms, default currencies. */
export function planNews(news: NewsConfig, symbol: string): NewsPlan {
  let currencies = news.currencies;
  if (!currencies) {
    try {
      currencies = symbolCurrencies(symbol);
    } catch (error) {
      throw error instanceof PipscopeError
        ? new PipscopeError(error.code, error.message.replace("give the currencies", "set news.currencies"), {
            path: "$.news.currencies",
          })
        : error;
    }
  }
  return {
    events: news.events?.map((e) => ({
      time: Date.parse(e.time),
      allDay: false,
      currency: e.currency,
      impact: e.impact,
      title: e.title,
      forecast: "",
      previous: "",
    })),
    file: news.file === undefined ? undefined : { path: news.file, zone: news.file_timezone },
    currencies,
    killZones: { minutesBefore: news.minutes_before, minutesAfter: news.minutes_after, impacts: news.impacts },
    flatten: news.flatten,
  };
}
