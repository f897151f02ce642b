import { Temporal } from "@js-temporal/polyfill";
import { PipscopeError } from "../errors.ts";
import { MS_PER_DAY } from "../units.ts";
import { epochDay, yearOf } from "./civil.ts";

/**
 * The UTC offsets of one IANA zone, as a list of transitions read from Temporal once per year of
 * coverage, so converting an instant to local time (or back) is a binary search instead of a
 * Temporal call (~15–70 µs each). Coverage grows on demand, a year at a time.
 */
export class ZoneOffsets {
  /** Instants (UTC ms) at which the offset changes, ascending; `offsets[i + 1]` applies from `at[i]`. */
  private at: number[] = [];
  /** Offsets in ms (local = utc + offset); `offsets[0]` applies before the first transition. */
  private offsets: number[] = [];
  private fromMs = 0;
  private toMs = 0;
  private last = 0;

  private constructor(readonly zone: string) {}

  /** The offsets of `zone`; an unknown zone is a PipscopeError naming it. */
  static of(zone: string): ZoneOffsets {
    let cached = CACHE.get(zone);
    if (!cached) {
      checkZone(zone);
      cached = new ZoneOffsets(zone);
      cached.fromMs = Date.UTC(2024, 0, 1); // any start: coverage grows both ways on demand
      cached.toMs = cached.fromMs;
      cached.offsets = [offsetByTemporal(zone, cached.fromMs)];
      CACHE.set(zone, cached);
    }
    return cached;
  }

  /** The zone's offset from UTC in ms at an instant (local = utc + offset). */
  offsetAt(utc: number): number {
    if (!(utc >= this.fromMs && utc < this.toMs)) this.cover(utc);
    const at = this.at;
    let i = this.last; // offsets[i] applies when at[i - 1] <= utc < at[i]
    // Most calls are near the previous one: check its interval before searching.
    if ((i > 0 && utc < at[i - 1]) || (i < at.length && utc >= at[i])) {
      let lo = 0;
      let hi = at.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (at[mid] <= utc) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
      this.last = i;
    }
    return this.offsets[i];
  }

  /** Local ms (wall time encoded as UTC) of an instant. */
  toLocal(utc: number): number {
    return utc + this.offsetAt(utc);
  }

  /**
   * The instant of a wall time, resolved like Temporal's `disambiguation: "compatible"`: a time
   * repeated when clocks go back takes its first (earlier) instant; a time skipped when clocks go
   * forward moves forward by the gap (02:30 on a spring-forward night in New York is 03:30 EDT).
   */
  toUtc(local: number): number {
    // The offset a day earlier is the one before any transition near `local` (transitions are months apart).
    const before = this.offsetAt(local - MS_PER_DAY);
    const early = local - before;
    if (this.offsetAt(early) === before) return early;
    const after = this.offsetAt(early);
    const late = local - after;
    if (this.offsetAt(late) === after) return late;
    return early; // in the gap: keep the earlier offset, which lands after the transition
  }

  /** Extends coverage to whole years around `utc` (a year margin on each side). */
  private cover(utc: number): void {
    if (!Number.isFinite(utc))
      throw new PipscopeError("TIME_NOT_FINITE", `cannot convert a non-finite instant (${utc}) to ${this.zone} time`);
    const year = yearOf(utc);
    if (utc < this.fromMs) {
      const from = epochDay(year - 1, 1, 1) * MS_PER_DAY;
      const { at, offsets } = transitionsBetween(this.zone, from, this.fromMs);
      this.at = [...at, ...this.at];
      this.offsets = [...offsets, ...this.offsets.slice(1)];
      this.fromMs = from;
    }
    if (utc >= this.toMs) {
      const to = epochDay(year + 2, 1, 1) * MS_PER_DAY;
      const { at, offsets } = transitionsBetween(this.zone, this.toMs, to);
      this.at.push(...at);
      this.offsets.push(...offsets.slice(1));
      this.toMs = to;
    }
    this.last = 0;
  }
}

const CACHE = new Map<string, ZoneOffsets>();

/** Transitions in [from, to) and the offsets: the one in effect at `from`, then after each. */
function transitionsBetween(zone: string, from: number, to: number): { at: number[]; offsets: number[] } {
  const at: number[] = [];
  const offsets = [offsetByTemporal(zone, from)];
  let cursor = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(zone);
  for (;;) {
    const next = cursor.getTimeZoneTransition("next"); // strictly after the cursor
    if (!next || next.epochMilliseconds >= to) break;
    at.push(next.epochMilliseconds);
    offsets.push(next.offsetNanoseconds / 1e6);
    cursor = next;
  }
  return { at, offsets };
}

function offsetByTemporal(zone: string, utc: number): number {
  return Temporal.Instant.fromEpochMilliseconds(utc).toZonedDateTimeISO(zone).offsetNanoseconds / 1e6;
}

/** Throws a PipscopeError unless `zone` is an IANA time zone Temporal knows. */
export function checkZone(zone: string, field = "zone"): void {
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(zone);
  } catch {
    throw new PipscopeError(
      "TIME_UNKNOWN_ZONE",
      `'${zone}' is not an IANA time zone (e.g. Europe/London, America/New_York, UTC)`,
      { field },
    );
  }
}
