import { PipscopeError } from "../../errors.ts";
import { epochDay, localMs } from "../civil.ts";
import { ZoneOffsets } from "../zone-offsets.ts";
import { IMPACTS, type Impact, type NewsEvent } from "./events.ts";

/** One calendar row as text, the way CSV and XML exports write it (date and time separately). */
export interface RawNewsRow {
  title?: string;
  country?: string;
  date?: string;
  time?: string;
  impact?: string;
  forecast?: string;
  previous?: string;
}

/** Where a row is, for its errors. */
export interface RowWhere {
  file: string;
  line: number;
}

function fail(where: RowWhere, field: string, message: string): never {
  throw new PipscopeError("NEWS_BAD_ROW", message, { file: where.file, line: where.line, field });
}

/** `High`, `medium`… → Impact; anything else is a row error on `field`. */
export function parseImpact(text: string | undefined, where: RowWhere, field = "impact"): Impact {
  const found = IMPACTS.find((impact) => impact.toLowerCase() === text?.trim().toLowerCase());
  if (!found) fail(where, field, `impact '${text ?? ""}' is not one of ${IMPACTS.join(", ")}`);
  return found;
}

/** A currency code (USD) or ALL, upper-cased; anything else is a row error. */
export function parseCurrency(text: string | undefined, where: RowWhere, field = "country"): string {
  const code = text?.trim().toUpperCase() ?? "";
  if (!/^[A-Z]{3}$/.test(code)) fail(where, field, `'${text ?? ""}' is not a currency code like USD`);
  return code;
}

export function parseTitle(text: string | undefined, where: RowWhere, field = "title"): string {
  const title = text?.trim() ?? "";
  if (!title) fail(where, field, "the event has no title");
  return title;
}

const US_DATE = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/** `03-12-2024` or `03/12/2024` (month first, as ForexFactory exports) or `2024-03-12` → epoch day. */
function parseDate(text: string | undefined, where: RowWhere, field: string): number {
  const trimmed = text?.trim() ?? "";
  const us = US_DATE.exec(trimmed);
  const iso = ISO_DATE.exec(trimmed);
  const [year, month, day] = us
    ? [Number(us[3]), Number(us[1]), Number(us[2])]
    : iso
      ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
      : [0, 0, 0];
  const days = epochDay(year, month, day);
  if (month < 1 || month > 12 || day < 1 || epochDay(year, month + 1, 1) <= days)
    fail(where, field, `'${text ?? ""}' is not a date like 03-12-2024 (month first) or 2024-03-12`);
  return days;
}

const TWELVE_HOUR = /^(\d{1,2}):(\d{2})\s*(am|pm)$/i;
const TWENTY_FOUR_HOUR = /^(\d{1,2}):(\d{2})$/;

/** Minutes after midnight of `9:00pm`, `12:30am` or `14:30`; null for All Day, Tentative or blank. */
function parseTime(text: string | undefined, where: RowWhere, field: string): number | null {
  const trimmed = text?.trim() ?? "";
  if (trimmed === "" || /^(all day|tentative|day \d+)$/i.test(trimmed)) return null;
  const twelve = TWELVE_HOUR.exec(trimmed);
  if (twelve) {
    const hour = Number(twelve[1]);
    const minute = Number(twelve[2]);
    if (hour >= 1 && hour <= 12 && minute < 60) return ((hour % 12) + (/pm/i.test(twelve[3]) ? 12 : 0)) * 60 + minute;
  }
  const twentyFour = TWENTY_FOUR_HOUR.exec(trimmed);
  if (twentyFour && Number(twentyFour[1]) < 24 && Number(twentyFour[2]) < 60)
    return Number(twentyFour[1]) * 60 + Number(twentyFour[2]);
  return fail(where, field, `'${text}' is not a time like 9:00pm, 14:30, All Day or Tentative`);
}

/**
 * A row with a separate date and time in `zone` → NewsEvent. All-day and tentative rows get 00:00
 * UTC of their date and `allDay: true`, so they stay on their date in every display zone. Throws a NEWS_BAD_ROW PipscopeError naming line and field.
 * `fields` maps each part to the column or tag name used in messages.
 */
export function eventFromRow(
  row: RawNewsRow,
  zone: ZoneOffsets,
  where: RowWhere,
  fields: Record<keyof RawNewsRow, string>,
): NewsEvent {
  const title = parseTitle(row.title, where, fields.title);
  const currency = parseCurrency(row.country, where, fields.country);
  const day = parseDate(row.date, where, fields.date);
  const minutes = parseTime(row.time, where, fields.time);
  const impact = parseImpact(row.impact, where, fields.impact);
  return {
    time: minutes === null ? localMs(day, 0) : zone.toUtc(localMs(day, minutes)),
    allDay: minutes === null,
    currency,
    impact,
    title,
    forecast: row.forecast?.trim() ?? "",
    previous: row.previous?.trim() ?? "",
  };
}

/** The zone offsets of an import (UTC if none given); an unknown zone is a PipscopeError on `--tz`. */
export function importZone(zone: string | undefined): ZoneOffsets {
  return ZoneOffsets.of(zone ?? "UTC");
}
