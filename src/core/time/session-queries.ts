import { MS_PER_DAY, type UtcMs } from "../units.ts";
import { DEFAULT_SESSION_SCHEDULE, type SessionSchedule } from "./session-schedule.ts";

/** What is open at one instant. */
export interface SessionSnapshot {
  /** The instant asked about, UTC ms. */
  at: UtcMs;
  /** Ids of the open sessions, in the schedule's priority order. */
  active: string[];
  /** The same as a bitmask (bit i = schedule.ids[i]). */
  mask: number;
  /** OVERLAP_LONDON_NY, else the first open of LONDON, NEW_YORK, ASIAN, SYDNEY, else CLOSED. */
  primary: string;
  /** When the primary session (or overlap) ends, UTC ms; null when CLOSED. */
  closesAt: UtcMs | null;
  /** The next session to open after `at` and when (UTC ms); null if none within two weeks. */
  next: { session: string; opensAt: UtcMs } | null;
}

/** How far ahead `next` looks: long enough for a weekend plus any FX holiday. */
const NEXT_HORIZON_DAYS = 15;

function localDay(schedule: SessionSchedule, i: number, ms: number): number {
  return Math.floor(schedule.offsetsOf(i).toLocal(ms) / MS_PER_DAY);
}

/** The occurrence of session `i` holding `ms` (ignoring the market), or null. */
function occurrenceAt(schedule: SessionSchedule, i: number, ms: number): [number, number] | null {
  const today = localDay(schedule, i, ms);
  for (let day = today - 1; day <= today; day++) {
    const occurrence = schedule.occurrence(i, day);
    if (occurrence && occurrence[0] <= ms && ms < occurrence[1]) return occurrence;
  }
  return null;
}

/**
 * Bitmask of the sessions open at an instant (bit i = schedule.ids[i]); 0 whenever the schedule's
 * market is closed (outside the FX week, on FX holidays).
 */
export function activeSessionMask(ms: UtcMs, schedule: SessionSchedule = DEFAULT_SESSION_SCHEDULE): number {
  if (!schedule.market.isMarketOpen(ms)) return 0;
  let mask = 0;
  for (let i = 0; i < schedule.ids.length; i++) if (occurrenceAt(schedule, i, ms)) mask |= 1 << i;
  return mask;
}

/** The primary label of an instant (see SessionSnapshot.primary). */
export function primarySession(ms: UtcMs, schedule: SessionSchedule = DEFAULT_SESSION_SCHEDULE): string {
  return schedule.labels[schedule.primaryOfMask[activeSessionMask(ms, schedule)]];
}

/** Active sessions, primary label, when it closes and which session opens next (SPEC §4 API). */
export function sessionsAt(ms: UtcMs, schedule: SessionSchedule = DEFAULT_SESSION_SCHEDULE): SessionSnapshot {
  const mask = activeSessionMask(ms, schedule);
  const primaryIndex = schedule.primaryOfMask[mask];
  return {
    at: ms,
    active: schedule.ids.filter((_, i) => mask & (1 << i)),
    mask,
    primary: schedule.labels[primaryIndex],
    closesAt: mask ? closesAt(ms, schedule, primaryIndex) : null,
    next: nextOpening(ms, schedule),
  };
}

/** When the primary label's sessions stop being open together: the earliest of their closes and the market's. */
function closesAt(ms: number, schedule: SessionSchedule, primaryIndex: number): number {
  const members = schedule.membersOfLabel[primaryIndex];
  let end = schedule.market.nextPhaseChange(ms)?.at ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < schedule.ids.length; i++)
    if (members & (1 << i)) end = Math.min(end, (occurrenceAt(schedule, i, ms) as [number, number])[1]);
  return end;
}

/** The first instant after `ms` at which a session becomes open, and which (ties: priority order). */
function nextOpening(ms: number, schedule: SessionSchedule): { session: string; opensAt: number } | null {
  const horizon = ms + NEXT_HORIZON_DAYS * MS_PER_DAY;
  const open = schedule.market.openIntervals(ms, horizon);
  let best: { session: string; opensAt: number } | null = null;
  for (let i = 0; i < schedule.ids.length; i++) {
    const today = localDay(schedule, i, ms);
    search: for (let day = today - 1; day <= today + NEXT_HORIZON_DAYS; day++) {
      const occurrence = schedule.occurrence(i, day);
      if (!occurrence || occurrence[1] <= ms) continue;
      const [start, end] = occurrence;
      if (start > horizon || (best && start >= best.opensAt)) break;
      for (const [from, to] of open) {
        const opensAt = Math.max(start, from);
        if (opensAt >= Math.min(end, to) || opensAt <= ms) continue;
        if (activeSessionMask(opensAt - 1, schedule) & (1 << i)) continue; // already open: not an opening
        if (!best || opensAt < best.opensAt) best = { session: schedule.ids[i], opensAt };
        break search;
      }
    }
  }
  return best;
}
