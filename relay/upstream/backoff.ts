import { reconnectDelayMs } from "../../src/core/protocol/relay.ts";

/** Counts reconnection attempts and gives the protocol's delay for the next; `reset` after a success. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly random: () => number = Math.random) {}

  /** The delay before the next attempt, ms. */
  next(): number {
    return reconnectDelayMs(this.attempt++, this.random());
  }

  reset(): void {
    this.attempt = 0;
  }
}
