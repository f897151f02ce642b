import type { TickColumns } from "../../core/data/types.ts";
import type { TickData } from "../../core/protocol/relay.ts";
import type { RelayMark } from "./relay-link.ts";

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
  /**
   * The relay tick up to which every recorded tick is in the cache. After a reload, resuming the
   * relay from here re-delivers exactly the ticks that were not yet saved.
   */
  savedUpTo: RelayMark | undefined;
  /** Ticks not yet acknowledged by the cache: waiting for a flush or being written. */
  pending: number;
  /** The last failed flush's message, cleared by the next success. */
  error: string | undefined;
  /** Ticks not recorded because `maxUnsaved` were already waiting for a cache that refused them. */
  lost: number;
}

/**
 * Records live ticks into the local cache in batches (SPEC §7): every `flushEveryMs` or once
 * `flushEveryTicks` are waiting, each symbol's pending ticks go to `append` in one call. Only what
 * `append` has acknowledged counts as saved; a failed batch is kept and tried again with the next
 * flush (the store skips ticks older than its last, so a retry cannot duplicate). A flush takes
 * every symbol's batch at once, so when all of them are saved, every tick up to the last one
 * added before it is saved (`savedUpTo`). `stop` flushes.
 */
export class TickRecorder {
  private readonly pending = new Map<string, Pending>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private flushing: Promise<void> | undefined;
  /** Ticks added since the last flush took its batches (they trigger an early flush). */
  private untaken = 0;
  /** Ticks added and not yet acknowledged. */
  private unsaved = 0;
  /** The last tick added. */
  private added: RelayMark | undefined;
  private readonly status: RecorderStatus = {
    recording: false,
    saved: 0,
    savedUpTo: undefined,
    pending: 0,
    error: undefined,
    lost: 0,
  };

  constructor(
    private readonly append: AppendTicks,
    private readonly onStatus: (status: RecorderStatus) => void,
    private readonly flushEveryMs = 5000,
    private readonly flushEveryTicks = 5000,
    /** Bounds the memory held while the cache refuses batches (a million ticks: about 50 MB). */
    private readonly maxUnsaved = 1_000_000,
  ) {}

  /**
   * Starts recording with the tick after `after` (the last one the page has seen; ticks up to it
   * are not to be recorded, so they count as done).
   */
  start(after: RelayMark | undefined): void {
    if (this.status.recording) return;
    this.status.recording = true;
    this.status.saved = 0;
    this.status.lost = 0;
    this.status.savedUpTo = after;
    this.added = after;
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

  /** Records `tick`, tick `at` of the relay (ticks come in seq order). */
  add(tick: TickData, at: RelayMark): void {
    if (!this.status.recording) return;
    if (this.unsaved >= this.maxUnsaved) {
      this.status.lost++;
      return;
    }
    this.added = at;
    let pending = this.pending.get(tick.symbol);
    if (!pending) {
      pending = new Pending();
      this.pending.set(tick.symbol, pending);
    }
    pending.push(tick.time_msc, tick.bid, tick.ask, tick.last ?? Number.NaN, tick.volume, tick.flags);
    this.unsaved++;
    if (++this.untaken === this.flushEveryTicks) void this.flush();
  }

  /**
   * Sends every symbol's pending ticks to the cache, one flush at a time. Reports first, so the
   * count waiting shows while the cache is busy (e.g. creating the sample on first start).
   */
  flush(): Promise<void> {
    this.report();
    this.flushing = (this.flushing ?? Promise.resolve()).then(() => this.flushNow());
    return this.flushing;
  }

  private async flushNow(): Promise<void> {
    const upTo = this.added;
    const batches: [string, TickColumns][] = [];
    for (const [symbol, pending] of this.pending) {
      if (pending.length > 0) batches.push([symbol, pending.take()]);
    }
    this.untaken = 0;
    let failures = 0;
    for (const [symbol, batch] of batches) {
      try {
        await this.append(symbol, batch);
        this.status.saved += batch.length;
        this.unsaved -= batch.length;
        this.status.error = undefined;
      } catch (error) {
        this.status.error = error instanceof Error ? error.message : String(error);
        this.requeue(symbol, batch);
        failures++;
      }
    }
    // Everything taken was saved and nothing older waits: all ticks up to `upTo` are in the cache.
    if (failures === 0) this.status.savedUpTo = upTo;
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
  }

  private report(): void {
    this.status.pending = this.unsaved;
    this.onStatus({ ...this.status });
  }
}
