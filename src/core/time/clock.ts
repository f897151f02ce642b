import { PipscopeError } from "../errors.ts";
import type { Millis, UtcMs } from "../units.ts";

/** The one source of "now" (SPEC §2): engine code asks a Clock, never `Date.now()`. */
export interface Clock {
  /** The current instant, UTC ms. */
  now(): UtcMs;
}

/** Wall-clock time of the machine, for the UI, the CLI and live ticks. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Simulated time that the backtest engine moves forward as it replays bars or ticks. It never
 * goes back: a backtest that tried to would be reading data out of order.
 */
export class SimulatedClock implements Clock {
  private current: UtcMs;

  /** @param start the first simulated instant, UTC ms. */
  constructor(start: UtcMs) {
    if (!Number.isFinite(start)) throw new PipscopeError("CLOCK_NOT_FINITE", `a clock cannot start at ${start}`);
    this.current = start;
  }

  now(): UtcMs {
    return this.current;
  }

  /** Moves to `instant` (UTC ms); the same instant again is allowed, an earlier one is an error. */
  advanceTo(instant: UtcMs): void {
    if (!(instant >= this.current))
      throw new PipscopeError(
        "CLOCK_BACKWARDS",
        `the simulated clock cannot go back from ${new Date(this.current).toISOString()} to ${
          Number.isFinite(instant) ? new Date(instant).toISOString() : instant
        }`,
      );
    this.current = instant;
  }

  /** Moves forward by `duration` ms (≥ 0). */
  advanceBy(duration: Millis): void {
    this.advanceTo(this.current + duration);
  }
}
