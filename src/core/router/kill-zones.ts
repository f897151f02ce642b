import type { KillZones, NewsEvent } from "../time/index.ts";

/**
 * News kill zones laid over a run's rows (SPEC §4, issue 8 point 6), computed once before the
 * loop so the loop reads one byte per row.
 */
export interface KillZoneColumn {
  /**
   * 1 where an order decided on row i would fill inside a kill zone, else 0. A decision on a
   * closed bar fills at the next row's open (`fillTimes`), so that is the instant tested: an H1
   * bar closing at 13:00 cannot enter when 13:00 is inside the window around a 13:30 release.
   */
  mask: Uint8Array;
  /** Close positions and cancel pending orders on the last row before a zone. */
  flatten: boolean;
  /** Why row i is blocked, e.g. "kill zone: USD Non-Farm Payrolls 13:30 UTC". */
  reasonAt(index: number): string;
  /** Zones that touch the rows and the rule, for the run's log. */
  summary: string;
}

/** "USD Non-Farm Payrolls 13:30 UTC" */
export function describeNewsEvent(event: NewsEvent): string {
  return `${event.currency} ${event.title} ${new Date(event.time).toISOString().slice(11, 16)} UTC`;
}

/** "kill zone: USD Non-Farm Payrolls 13:30 UTC" (events sharing the instant's windows joined by "; "). */
export function killZoneReason(zones: KillZones, at: number): string {
  return `kill zone: ${zones.eventsAt(at).map(describeNewsEvent).join("; ")}`;
}

/**
 * The instant an order decided on each row fills: the next row's time; for the last row, its own
 * time plus the gap before it (the length of a bar in bar mode).
 */
export function fillTimes(time: Float64Array): Float64Array {
  const n = time.length;
  const out = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) out[i] = time[i + 1];
  if (n > 0) out[n - 1] = n > 1 ? 2 * time[n - 1] - time[n - 2] : time[n - 1];
  return out;
}

/** The kill-zone column of a time column (UTC ms, ascending), see KillZoneColumn. */
export function killZoneColumn(time: Float64Array, zones: KillZones, flatten: boolean): KillZoneColumn {
  const fills = fillTimes(time);
  const mask = zones.fill(fills);
  const first = time.length ? time[0] : 0;
  const last = time.length ? fills[fills.length - 1] : 0;
  let inRange = 0;
  for (let z = 0; z < zones.start.length; z++) if (zones.end[z] > first && zones.start[z] <= last) inRange++;
  const { minutesBefore, minutesAfter, impacts } = zones.config;
  return {
    mask,
    flatten,
    reasonAt: (index) => killZoneReason(zones, fills[index]),
    summary: `news kill zones: ${inRange} in range (${impacts.join("/")} impact, ${minutesBefore} min before to ${minutesAfter} min after)${flatten ? ", flattening before each" : ""}`,
  };
}
