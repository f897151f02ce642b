import { DEFAULT_SESSION_SCHEDULE, fillSessionMask, type SessionSchedule, ZoneOffsets } from "../../core/time/index.ts";
import { MS_PER_DAY, MS_PER_MINUTE, type UtcMs } from "../../core/units.ts";
import { hourMinute } from "./zoned.ts";

/** A stretch of a session on the band: fractions of the local day, and its local wall times. */
export interface BandRun {
  from: number;
  to: number;
  label: string;
}

/** Today's sessions in a zone's local day (23, 24 or 25 hours long), for the 24-hour band. */
export interface DayBand {
  /** Local midnight to the next local midnight, UTC ms. */
  start: UtcMs;
  end: UtcMs;
  /** Every third local hour and where it falls (0–1). */
  hours: { label: string; at: number }[];
  /** Runs per session id, as they are open (FX week and holidays included). */
  sessions: Record<string, BandRun[]>;
}

/**
 * The band of the local day holding `now`, in `zone`. One row per minute of the day through the
 * vectorised mask, so the band shows exactly what the scalar API answers, DST days included.
 */
export function dayBand(now: UtcMs, zone: string, schedule: SessionSchedule = DEFAULT_SESSION_SCHEDULE): DayBand {
  const offsets = ZoneOffsets.of(zone);
  const day = Math.floor(offsets.toLocal(now) / MS_PER_DAY);
  const start = offsets.toUtc(day * MS_PER_DAY);
  const end = offsets.toUtc((day + 1) * MS_PER_DAY);
  const length = end - start;
  const rows = Math.ceil(length / MS_PER_MINUTE);
  const times = new Float64Array(rows);
  for (let i = 0; i < rows; i++) times[i] = start + i * MS_PER_MINUTE;
  const mask = new Uint8Array(rows);
  fillSessionMask(times, mask, undefined, schedule);
  const sessions: Record<string, BandRun[]> = {};
  schedule.ids.forEach((id, bit) => {
    const runs: BandRun[] = [];
    for (let i = 0; i < rows; i++) {
      if (!(mask[i] & (1 << bit))) continue;
      let j = i;
      while (j < rows && mask[j] & (1 << bit)) j++;
      const to = j < rows ? times[j] : end;
      runs.push({
        from: (times[i] - start) / length,
        to: (to - start) / length,
        label: `${hourMinute(times[i], zone)}–${j < rows ? hourMinute(to, zone) : "24:00"}`,
      });
      i = j;
    }
    sessions[id] = runs;
  });
  const hours: DayBand["hours"] = [];
  for (let hour = 0; hour <= 24; hour += 3) {
    const at = hour === 24 ? end : offsets.toUtc(day * MS_PER_DAY + hour * 60 * MS_PER_MINUTE);
    hours.push({ label: hour === 24 ? "24" : String(hour).padStart(2, "0"), at: (at - start) / length });
  }
  return { start, end, hours, sessions };
}
