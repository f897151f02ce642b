import { ZoneOffsets } from "../../core/time/index.ts";
import type { UtcMs } from "../../core/units.ts";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/**
 * Day key (`2024-03-12`), weekday and `HH:MM` of an instant in a zone. Zone offsets come from the
 * per-zone table, so a list of thousands of events formats without a Temporal call per row.
 */
export function localParts(ms: UtcMs, zone: string): { day: string; weekday: string; time: string } {
  const local = new Date(ZoneOffsets.of(zone).toLocal(ms)); // wall time encoded as UTC
  const iso = local.toISOString();
  return { day: iso.slice(0, 10), weekday: WEEKDAYS[local.getUTCDay()], time: iso.slice(11, 16) };
}
