import { syntheticTicks } from "../../src/core/data/synthetic.ts";
import { MS_PER_DAY, type UtcMs } from "../../src/core/units.ts";
import { mergeTicks, type TickTape } from "./tape.ts";

/** Tuesday, Wednesday, Thursday (getUTCDay): their whole UTC day lies inside the FX week. */
const MIDWEEK = new Set([2, 3, 4]);

/**
 * The UTC day the synthetic feed replays: the latest Tuesday to Thursday before `nowMs`, away from
 * Christmas and New Year (no FX trading on 25 Dec and 1 Jan). A whole trading day, so the loop
 * goes through every session once.
 */
export function syntheticReplayDay(nowMs: UtcMs): UtcMs {
  let day = Math.floor(nowMs / MS_PER_DAY) * MS_PER_DAY - MS_PER_DAY;
  for (;;) {
    const date = new Date(day);
    const month = date.getUTCMonth();
    const dayOfMonth = date.getUTCDate();
    const holidays = (month === 11 && dayOfMonth >= 24) || (month === 0 && dayOfMonth <= 2);
    if (MIDWEEK.has(date.getUTCDay()) && !holidays) return day;
    day -= MS_PER_DAY;
  }
}

/**
 * The `synthetic` source's tape: a day of the deterministic synthetic ticks (src/core/data) for
 * `symbols`, and where to start in it so that the replay is at the same UTC time of day as now —
 * its quiet Asian hours and busy London/New York overlap then match the session clock.
 */
export function syntheticTape(
  symbols: readonly string[],
  nowMs: UtcMs,
  seed?: number,
): { tape: TickTape; startAtMs: UtcMs } {
  const day = syntheticReplayDay(nowMs);
  const series = symbols.map((symbol) => ({ symbol, ticks: syntheticTicks(symbol, day, day + MS_PER_DAY, seed) }));
  return { tape: mergeTicks(series), startAtMs: day + (nowMs - Math.floor(nowMs / MS_PER_DAY) * MS_PER_DAY) };
}
