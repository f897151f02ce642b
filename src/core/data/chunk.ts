import type { BarColumns, TickColumns } from "./types.ts";

/**
 * A fixed-capacity block of bar rows that an importer fills row by row and the store flushes when
 * full. The columns are allocated once at `capacity`; only the first `length` rows are data, and
 * `reset()` reuses the block for the next rows (no allocation per row).
 */
export class BarChunk implements BarColumns {
  length = 0;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly tickVolume: Float64Array;
  readonly volume: Float64Array;
  readonly spread: Float64Array;

  readonly capacity: number;

  /** An empty chunk of `capacity` rows, or a full one over existing columns (no copy). */
  constructor(capacityOrRows: number | BarColumns) {
    const rows = typeof capacityOrRows === "number" ? undefined : capacityOrRows;
    const n = rows ? rows.length : (capacityOrRows as number);
    const column = (existing?: Float64Array) => existing ?? new Float64Array(n);
    this.capacity = n;
    this.length = rows ? n : 0;
    this.time = column(rows?.time);
    this.open = column(rows?.open);
    this.high = column(rows?.high);
    this.low = column(rows?.low);
    this.close = column(rows?.close);
    this.tickVolume = column(rows?.tickVolume);
    this.volume = column(rows?.volume);
    this.spread = column(rows?.spread);
  }

  get full(): boolean {
    return this.length >= this.capacity;
  }

  reset(): void {
    this.length = 0;
  }

  /** Moves row `from` to row `to` (from ≥ to), for in-place compaction. */
  move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.open[to] = this.open[from];
    this.high[to] = this.high[from];
    this.low[to] = this.low[from];
    this.close[to] = this.close[from];
    this.tickVolume[to] = this.tickVolume[from];
    this.volume[to] = this.volume[from];
    this.spread[to] = this.spread[from];
  }

  /** The rows as columns sized to `length` (views, no copy). */
  view(): BarColumns {
    const n = this.length;
    return {
      length: n,
      time: this.time.subarray(0, n),
      open: this.open.subarray(0, n),
      high: this.high.subarray(0, n),
      low: this.low.subarray(0, n),
      close: this.close.subarray(0, n),
      tickVolume: this.tickVolume.subarray(0, n),
      volume: this.volume.subarray(0, n),
      spread: this.spread.subarray(0, n),
    };
  }
}

/** The tick counterpart of BarChunk. */
export class TickChunk implements TickColumns {
  length = 0;
  readonly time: Float64Array;
  readonly bid: Float64Array;
  readonly ask: Float64Array;
  readonly last: Float64Array;
  readonly volume: Float64Array;
  readonly flags: Int32Array;

  readonly capacity: number;

  /** An empty chunk of `capacity` rows, or a full one over existing columns (no copy). */
  constructor(capacityOrRows: number | TickColumns) {
    const rows = typeof capacityOrRows === "number" ? undefined : capacityOrRows;
    const n = rows ? rows.length : (capacityOrRows as number);
    const column = (existing?: Float64Array) => existing ?? new Float64Array(n);
    this.capacity = n;
    this.length = rows ? n : 0;
    this.time = column(rows?.time);
    this.bid = column(rows?.bid);
    this.ask = column(rows?.ask);
    this.last = column(rows?.last);
    this.volume = column(rows?.volume);
    this.flags = rows?.flags ?? new Int32Array(n);
  }

  get full(): boolean {
    return this.length >= this.capacity;
  }

  reset(): void {
    this.length = 0;
  }

  move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.bid[to] = this.bid[from];
    this.ask[to] = this.ask[from];
    this.last[to] = this.last[from];
    this.volume[to] = this.volume[from];
    this.flags[to] = this.flags[from];
  }

  view(): TickColumns {
    const n = this.length;
    return {
      length: n,
      time: this.time.subarray(0, n),
      bid: this.bid.subarray(0, n),
      ask: this.ask.subarray(0, n),
      last: this.last.subarray(0, n),
      volume: this.volume.subarray(0, n),
      flags: this.flags.subarray(0, n),
    };
  }
}

export type Chunk = BarChunk | TickChunk;
