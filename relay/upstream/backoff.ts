/**
 * Reconnect delays that double from `initialMs` up to `maxMs`, each shortened by up to a fifth at
 * random so that many relays restarted together do not reconnect in step. `reset` after a success.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly initialMs = 250,
    private readonly maxMs = 10_000,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt, ms. */
  next(): number {
    const full = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    this.attempt++;
    return Math.round(full * (1 - 0.2 * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}
