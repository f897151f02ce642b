import { Temporal } from "@js-temporal/polyfill";
import type { UtcMs } from "../../core/units.ts";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/** The zone the browser runs in (the user's local time). */
export function browserZone(): string {
  return Temporal.Now.timeZoneId();
}

/** Wall time of an instant in a zone: `12:30:05`, `Tue 12 Mar` and the zone's short offset (`UTC+1`). */
export function wallClock(ms: UtcMs, zone: string): { time: string; date: string; offset: string } {
  const zoned = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
  const minutes = Math.round(zoned.offsetNanoseconds / 60e9);
  const sign = minutes < 0 ? "−" : "+";
  const abs = Math.abs(minutes);
  return {
    time: `${two(zoned.hour)}:${two(zoned.minute)}:${two(zoned.second)}`,
    date: `${WEEKDAYS[zoned.dayOfWeek - 1]} ${zoned.day} ${MONTHS[zoned.month - 1]}`,
    offset: minutes === 0 ? "UTC" : `UTC${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${two(abs % 60)}` : ""}`,
  };
}

/** `HH:MM` of an instant in a zone. */
export function hourMinute(ms: UtcMs, zone: string): string {
  const zoned = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
  return `${two(zoned.hour)}:${two(zoned.minute)}`;
}

/** A countdown: `03:04:05`, or `2d 03:04:05` beyond a day. */
export function countdown(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(seconds / 86_400);
  const clock = `${two(Math.floor((seconds % 86_400) / 3600))}:${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`;
  return days ? `${days}d ${clock}` : clock;
}
