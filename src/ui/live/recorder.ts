import type { TickColumns } from "../../core/data/types.ts";
import type { TickData } from "../../core/protocol/relay.ts";

/** Growable tick columns for one symbol's unsaved ticks. */
class Pending {
  length = 0;
  time = new Float64Array(256);
  bid = new Float64Array(256);
  ask = new Float64Array(256);
  last = new Float64Array(256);
  volume = new Float64Array(256);
  flags = new Int32Array(256);

  push(time: number, bid: number, ask: number, last: number, volume: number, flags: number): void {
    if (this.length === this.time.length) this.grow();
    const i = this.length++;
    this.time[i] = time;
    this.bid[i] = bid;
    this.ask[i] = ask;
    this.last[i] = last;
    this.volume[i] = volume;
    this.flags[i] = flags;
  }

  /** Appends row `i` of `columns`. */
  pushRow(columns: TickColumns, i: number): void {
    this.push(columns.time[i], columns.bid[i], columns.ask[i], columns.last[i], columns.volume[i], columns.flags[i]);
  }

  /** The pending ticks as columns of their own; the buffer starts empty again. */
  take(): TickColumns {
    const n = this.length;
    this.length = 0;
    return {
      length: n,
      time: this.time.slice(0, n),
      bid: this.bid.slice(0, n),
      ask: this.ask.slice(0, n),
      last: this.last.slice(0, n),
      volume: this.volume.slice(0, n),
      flags: this.flags.slice(0, n),
    };
  }

  private grow(): void {
    const size = this.time.length * 2;
    const grown = <T extends Float64Array | Int32Array>(old: T, make: new (n: number) => T) => {
      const next = new make(size);
      next.set(old);
      return next;
    };
    this.time = grown(this.time, Float64Array);
    this.bid = grown(this.bid, Float64Array);
    this.ask = grown(this.ask, Float64Array);
    this.last = grown(this.last, Float64Array);
    this.volume = grown(this.volume, Float64Array);
    this.flags = grown(this.flags, Int32Array);
  }
}

/** Stores a batch of one symbol's ticks in the local cache; resolves once they are safe there. */
export type AppendTicks = (symbol: string, ticks: TickColumns) => Promise<unknown>;

export interface RecorderStatus {
  recording: boolean;
  /** Ticks the cache has acknowledged since recording started. */
  saved: number;
  /** Ticks waiting for the next flush. */
  pending: number;
  /** The last failed flush's message, cleared by the next success. */
  error: string | undefined;
}

/**
 * Records live ticks into the local cache in batches (SPEC §7): every `flushEveryMs` or once
 * `flushEveryTicks` are waiting, each symbol's pending ticks go to `append` in one call. Only what
 * `append` has acknowledged counts as saved; a failed batch is kept and tried again with the next
 * flush (the store skips ticks it already has, so a retry cannot duplicate). `stop` flushes.
 */
export class TickRecorder {
  private readonly pending = new Map<string, Pending>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private flushing: Promise<void> | undefined;
  private waiting = 0;
  private readonly status: RecorderStatus = { recording: false, saved: 0, pending: 0, error: undefined };

  constructor(
    private readonly append: AppendTicks,
    private readonly onStatus: (status: RecorderStatus) => void,
    private readonly flushEveryMs = 5000,
    private readonly flushEveryTicks = 5000,
  ) {}

  start(): void {
    if (this.status.recording) return;
    this.status.recording = true;
    this.status.saved = 0;
    this.status.error = undefined;
    this.timer = setInterval(() => void this.flush(), this.flushEveryMs);
    this.report();
  }

  /** Stops recording and resolves once what was pending has been flushed. */
  async stop(): Promise<void> {
    if (!this.status.recording) return;
    this.status.recording = false;
    clearInterval(this.timer);
    await this.flush();
  }

  add(tick: TickData): void {
    if (!this.status.recording) return;
    let pending = this.pending.get(tick.symbol);
    if (!pending) {
      pending = new Pending();
      this.pending.set(tick.symbol, pending);
    }
    pending.push(tick.time_msc, tick.bid, tick.ask, tick.last ?? Number.NaN, tick.volume, tick.flags);
    this.waiting++;
    if (this.waiting >= this.flushEveryTicks) void this.flush();
  }

  /** Sends every symbol's pending ticks to the cache, one flush at a time. */
  flush(): Promise<void> {
    this.flushing = (this.flushing ?? Promise.resolve()).then(() => this.flushNow());
    return this.flushing;
  }

  private async flushNow(): Promise<void> {
    for (const [symbol, pending] of this.pending) {
      if (pending.length === 0) continue;
      const batch = pending.take();
      this.waiting -= batch.length;
      try {
        await this.append(symbol, batch);
        this.status.saved += batch.length;
        this.status.error = undefined;
      } catch (error) {
        this.status.error = error instanceof Error ? error.message : String(error);
        this.requeue(symbol, batch);
      }
    }
    this.report();
  }

  /** Puts a failed batch back in front of what arrived meanwhile. */
  private requeue(symbol: string, batch: TickColumns): void {
    const newer = this.pending.get(symbol)?.take();
    const pending = new Pending();
    for (const part of newer ? [batch, newer] : [batch]) {
      for (let i = 0; i < part.length; i++) pending.pushRow(part, i);
    }
    this.pending.set(symbol, pending);
    this.waiting += batch.length;
  }

  private report(): void {
    this.status.pending = this.waiting;
    this.onStatus({ ...this.status });
  }
}
