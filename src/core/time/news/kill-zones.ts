import { z } from "zod";
import { PipscopeError } from "../../errors.ts";
import { MS_PER_MINUTE, type UtcMs } from "../../units.ts";
import { IMPACTS, type NewsEvent } from "./events.ts";

/** Kill-zone settings (SPEC §4): minutes before and after events of the chosen impacts. */
export const killZoneConfigSchema = z.strictObject({
  /** Minutes before an event (default 30). */
  minutesBefore: z.number().int().min(0).max(1440).default(30),
  /** Minutes after an event (default 30). */
  minutesAfter: z.number().int().min(0).max(1440).default(30),
  /** Impacts that open a kill zone (default High only). */
  impacts: z.array(z.enum(IMPACTS)).min(1).default(["High"]),
});
export type KillZoneConfig = z.infer<typeof killZoneConfigSchema>;

/** Validates kill-zone settings, filling defaults; a bad value is a NEWS_BAD_KILL_ZONE error naming it. */
export function parseKillZoneConfig(input: unknown): KillZoneConfig {
  const parsed = killZoneConfigSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = `$.${issue.path.join(".")}`;
  throw new PipscopeError("NEWS_BAD_KILL_ZONE", `${path}: ${issue.message.replace(/^Invalid input: /, "")}`, {
    path,
  });
}

/**
 * The kill zones of one instrument: the windows [event − before, event + after) around events of
 * the chosen impacts in its currencies (or marked ALL), merged where they overlap. All-day entries
 * (bank holidays, tentative times) have no time to centre a window on and are left out.
 */
export class KillZones {
  /** Merged windows, ascending: [start[i], end[i]) in UTC ms. */
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** The events that opened a window, by time. */
  readonly events: readonly NewsEvent[];

  constructor(
    events: readonly NewsEvent[],
    currencies: readonly string[],
    readonly config: KillZoneConfig,
  ) {
    const wanted = new Set(currencies.map((c) => c.toUpperCase()));
    this.events = events
      .filter((e) => !e.allDay && config.impacts.includes(e.impact) && (wanted.has(e.currency) || e.currency === "ALL"))
      .sort((a, b) => a.time - b.time);
    const before = config.minutesBefore * MS_PER_MINUTE;
    const after = config.minutesAfter * MS_PER_MINUTE;
    const starts: number[] = [];
    const ends: number[] = [];
    for (const event of this.events) {
      const from = event.time - before;
      const to = event.time + after;
      if (ends.length && from <= ends[ends.length - 1]) ends[ends.length - 1] = Math.max(ends[ends.length - 1], to);
      else {
        starts.push(from);
        ends.push(to);
      }
    }
    this.start = Float64Array.from(starts);
    this.end = Float64Array.from(ends);
  }

  /** Whether an instant is inside a kill zone. */
  contains(ms: UtcMs): boolean {
    const i = this.firstEndingAfter(ms);
    return i < this.end.length && this.start[i] <= ms;
  }

  /**
   * The events whose own window [time − before, time + after) holds `ms` — what the UI shows as
   * the reason a trade was blocked.
   */
  eventsAt(ms: UtcMs): NewsEvent[] {
    const { minutesBefore, minutesAfter } = this.config;
    return this.events.filter(
      (e) => e.time - minutesBefore * MS_PER_MINUTE <= ms && ms < e.time + minutesAfter * MS_PER_MINUTE,
    );
  }

  /**
   * Vectorised `contains`: 1 in `out` for every instant of `times` (UTC ms) inside a kill zone, 0
   * elsewhere. Sorted times are one forward sweep; a step back costs a binary search.
   */
  fill(times: Float64Array, out: Uint8Array = new Uint8Array(times.length)): Uint8Array {
    if (out.length < times.length)
      throw new PipscopeError("TIME_OUTPUT_TOO_SHORT", `output needs ${times.length} rows for ${times.length} times`);
    const { start, end } = this;
    const n = end.length;
    let j = 0;
    let previous = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < times.length; k++) {
      const t = times[k];
      if (t < previous) j = this.firstEndingAfter(t);
      else while (j < n && end[j] <= t) j++;
      out[k] = j < n && start[j] <= t ? 1 : 0;
      previous = t;
    }
    return out;
  }

  /** Index of the first window whose end is after `ms` (binary search). */
  private firstEndingAfter(ms: number): number {
    let lo = 0;
    let hi = this.end.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.end[mid] <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
