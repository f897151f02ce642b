/**
 * The last `capacity` ticks as ready-to-send frames, numbered by seq from 1. Fan-out reads it by
 * seq, each client at its own cursor, and `resume` replays from it. Slots are reused in place: a
 * push allocates nothing but the frame it stores.
 */
export class TickRing {
  private readonly frames: Buffer[];
  private readonly symbols: string[];
  /** Seq of the newest tick; 0 before the first. */
  head = 0;

  /** @param capacity ticks kept (default 100,000: over a minute and a half at 1k ticks/s). */
  constructor(readonly capacity = 100_000) {
    this.frames = new Array(capacity);
    this.symbols = new Array(capacity);
  }

  /** Seq of the oldest tick still held (head + 1 when empty). */
  get oldest(): number {
    return Math.max(1, this.head - this.capacity + 1);
  }

  /** Stores the frame of tick `head + 1`, built by the caller with that seq. */
  push(symbol: string, frame: Buffer): number {
    const seq = ++this.head;
    const slot = seq % this.capacity;
    this.frames[slot] = frame;
    this.symbols[slot] = symbol;
    return seq;
  }

  /** Frame of `seq`; only valid for oldest ≤ seq ≤ head. */
  frame(seq: number): Buffer {
    return this.frames[seq % this.capacity];
  }

  /** Symbol of `seq`; only valid for oldest ≤ seq ≤ head. */
  symbol(seq: number): string {
    return this.symbols[seq % this.capacity];
  }
}
