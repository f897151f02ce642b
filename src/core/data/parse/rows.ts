import { PipscopeError } from "../../errors.ts";
import type { BarChunk, TickChunk } from "../chunk.ts";
import { FIELD_LABEL, type TextLayout, type ValueField } from "../formats/layout.ts";
import { TICK_FLAGS } from "../types.ts";
import { DateTimePattern } from "./datetime.ts";
import { parseDecimal } from "./number.ts";

const MAX_FIELDS = 64;
/** Epoch values below this are seconds, above it milliseconds (1e11 s is the year 5138). */
const EPOCH_SECONDS_BELOW = 1e11;

const DELIMITER_NAME: Record<string, string> = { "\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe" };

/** How the delimiter is named in messages: "tab-separated", "comma-separated", … */
export function delimiterName(delimiter: string): string {
  return `${DELIMITER_NAME[delimiter] ?? `'${delimiter}'`}-separated`;
}

/**
 * Reads the data lines of a delimited text file into bar or tick chunks, by a TextLayout. One
 * instance per file: it remembers the last tick values for MT5's "empty means unchanged".
 * Allocation-free per line: fields are index ranges into the text, numbers are parsed in place.
 */
export class RowReader {
  private readonly starts = new Int32Array(MAX_FIELDS);
  private readonly ends = new Int32Array(MAX_FIELDS);
  private fieldCount = 0;
  private readonly delimiter: string;
  private readonly minFields: number;
  private readonly date: DateTimePattern | undefined;
  private readonly time: DateTimePattern | undefined;
  private readonly columns: Record<ValueField, number>;
  private lastBid = Number.NaN;
  private lastAsk = Number.NaN;
  private lastPrice = Number.NaN;
  private lastVolume = 0;
  private line = 0;
  private text = "";
  /** The last date field read and its value (see readTime). */
  private lastDateText = "";
  private lastDate = Number.NaN;

  /**
   * @param toUtc local wall time (ms) → UTC ms in the file's source zone; rows with their own
   *   offset (layout.rowOffsets) use it instead.
   * @param file the file's name, for error locations.
   */
  constructor(
    readonly layout: TextLayout,
    private readonly toUtc: (local: number) => number,
    private readonly file: string,
  ) {
    this.delimiter = layout.delimiter[0];
    this.date = layout.timeStyle === "pattern" ? new DateTimePattern(layout.datePattern) : undefined;
    this.time = layout.timeColumn >= 0 ? new DateTimePattern(layout.timePattern) : undefined;
    const c = layout.columns;
    this.columns = {
      open: c.open ?? -1,
      high: c.high ?? -1,
      low: c.low ?? -1,
      close: c.close ?? -1,
      tickVolume: c.tickVolume ?? -1,
      volume: c.volume ?? -1,
      spread: c.spread ?? -1,
      bid: c.bid ?? -1,
      ask: c.ask ?? -1,
      last: c.last ?? -1,
      flags: c.flags ?? -1,
    };
    this.minFields = Math.max(layout.dateColumn, layout.timeColumn, ...Object.values(this.columns)) + 1;
  }

  /**
   * Reads line `line` (1-based, for errors) held in `text[start, end)` into the chunk. Blank lines
   * are skipped. Returns whether a row was added.
   * @throws PipscopeError DATA_FIELD_COUNT, DATA_BAD_DATE, DATA_BAD_NUMBER naming file, line and field.
   */
  read(text: string, start: number, end: number, line: number, chunk: BarChunk | TickChunk): boolean {
    if (isBlank(text, start, end)) return false;
    if (chunk.length >= chunk.capacity) {
      throw new PipscopeError("DATA_CHUNK_FULL", `internal: row chunk full at line ${line}`, { file: this.file, line });
    }
    this.text = text;
    this.line = line;
    this.split(text, start, end);
    if (this.fieldCount < this.minFields) throw this.fieldCountError(text, start, end);
    const time = this.readTime();
    if ("open" in chunk) this.readBar(time, chunk);
    else this.readTick(time, chunk);
    return true;
  }

  private split(text: string, start: number, end: number): void {
    let n = 0;
    let fieldStart = start;
    const d = this.delimiter;
    while (n < MAX_FIELDS) {
      // The native search finds the next delimiter faster than a loop over every character.
      let i = text.indexOf(d, fieldStart);
      if (i < 0 || i > end) i = end;
      let s = fieldStart;
      let e = i;
      // Trim spaces and one pair of double quotes (no delimiters inside quotes in market data).
      while (s < e && text.charCodeAt(s) === 32) s++;
      while (e > s && text.charCodeAt(e - 1) === 32) e--;
      if (e - s >= 2 && text.charCodeAt(s) === 34 && text.charCodeAt(e - 1) === 34) {
        s++;
        e--;
      }
      this.starts[n] = s;
      this.ends[n] = e;
      n++;
      if (i === end) break;
      fieldStart = i + 1;
    }
    this.fieldCount = n;
  }

  private readTime(): number {
    const layout = this.layout;
    const col = layout.dateColumn;
    const s = this.starts[col];
    const e = this.ends[col];
    if (layout.timeStyle === "epoch") {
      const value = parseDecimal(this.text, s, e);
      if (!Number.isFinite(value)) throw this.dateError(col, "seconds or milliseconds since 1970");
      return Math.round(value < EPOCH_SECONDS_BELOW ? value * 1000 : value);
    }
    const date = this.date as DateTimePattern;
    let local: number;
    let offset: number;
    if (this.time && !date.hasZone) {
      // A date column beside a time column repeats for a whole day of rows: parse it once a day.
      if (!this.sameAsLastDate(s, e)) {
        this.lastDateText = this.text.slice(s, e);
        this.lastDate = date.parse(this.text, s, e);
      }
      local = this.lastDate;
      offset = Number.NaN;
    } else {
      local = date.parse(this.text, s, e);
      offset = date.offsetMs;
    }
    if (Number.isNaN(local)) throw this.dateError(col, layout.datePattern);
    if (this.time) {
      const tc = layout.timeColumn;
      const timeOfDay = this.time.parse(this.text, this.starts[tc], this.ends[tc]);
      if (Number.isNaN(timeOfDay)) throw this.dateError(tc, layout.timePattern);
      local += timeOfDay;
      if (Number.isNaN(offset)) offset = this.time.offsetMs;
    }
    return Number.isNaN(offset) ? this.toUtc(local) : local - offset;
  }

  /** Whether `text[s, e)` reads exactly like the last date field (no allocation). */
  private sameAsLastDate(s: number, e: number): boolean {
    const last = this.lastDateText;
    if (e - s !== last.length) return false;
    const text = this.text;
    for (let i = 0; i < last.length; i++) if (text.charCodeAt(s + i) !== last.charCodeAt(i)) return false;
    return true;
  }

  private readBar(time: number, chunk: BarChunk): void {
    const i = chunk.length;
    const c = this.columns;
    chunk.time[i] = time;
    chunk.open[i] = this.number(c.open, "open");
    chunk.high[i] = this.number(c.high, "high");
    chunk.low[i] = this.number(c.low, "low");
    chunk.close[i] = this.number(c.close, "close");
    chunk.tickVolume[i] = c.tickVolume >= 0 ? this.optional(c.tickVolume, "tickVolume", 0) : 0;
    chunk.volume[i] = c.volume >= 0 ? this.optional(c.volume, "volume", 0) : 0;
    chunk.spread[i] = c.spread >= 0 ? this.optional(c.spread, "spread", 0) : 0;
    chunk.length = i + 1;
  }

  private readTick(time: number, chunk: TickChunk): void {
    const i = chunk.length;
    const c = this.columns;
    const carry = this.layout.carryForward;
    const bid = carry ? this.optional(c.bid, "bid", this.lastBid) : this.number(c.bid, "bid");
    const ask = carry ? this.optional(c.ask, "ask", this.lastAsk) : this.number(c.ask, "ask");
    const last = c.last >= 0 ? this.optional(c.last, "last", carry ? this.lastPrice : Number.NaN) : Number.NaN;
    const volume = c.volume >= 0 ? this.optional(c.volume, "volume", carry ? this.lastVolume : 0) : 0;
    let flags: number;
    if (c.flags >= 0) {
      flags = this.optional(c.flags, "flags", 0);
      if (!Number.isInteger(flags) || flags < 0) throw this.numberError(c.flags, "flags", "a non-negative integer");
    } else {
      // No flags column: say what changed, as MT5 does (MqlTick.flags).
      flags =
        (bid !== this.lastBid ? TICK_FLAGS.bid : 0) |
        (ask !== this.lastAsk ? TICK_FLAGS.ask : 0) |
        (c.last >= 0 && last !== this.lastPrice && !Number.isNaN(last) ? TICK_FLAGS.last : 0);
    }
    chunk.time[i] = time;
    chunk.bid[i] = bid;
    chunk.ask[i] = ask;
    chunk.last[i] = last;
    chunk.volume[i] = volume;
    chunk.flags[i] = flags;
    chunk.length = i + 1;
    this.lastBid = bid;
    this.lastAsk = ask;
    this.lastPrice = last;
    this.lastVolume = volume;
  }

  /** A required number. */
  private number(col: number, field: ValueField): number {
    const s = this.starts[col];
    const e = this.ends[col];
    if (s === e) throw this.numberError(col, field, "a number", "is empty");
    const value = parseDecimal(this.text, s, e);
    if (Number.isNaN(value)) throw this.numberError(col, field, "a number");
    return value;
  }

  /** A number that may be empty (then `fallback`). */
  private optional(col: number, field: ValueField, fallback: number): number {
    const s = this.starts[col];
    const e = this.ends[col];
    if (s === e) return fallback;
    const value = parseDecimal(this.text, s, e);
    if (Number.isNaN(value)) throw this.numberError(col, field, "a number");
    return value;
  }

  private where(col: number, field: string) {
    return { file: this.file, line: this.line, column: col + 1, field };
  }

  private fieldText(col: number): string {
    return this.text.slice(this.starts[col], this.ends[col]);
  }

  private numberError(col: number, field: ValueField, expected: string, problem?: string): PipscopeError {
    const what = problem ?? `'${clip(this.fieldText(col))}' is not ${expected}`;
    return new PipscopeError("DATA_BAD_NUMBER", `${FIELD_LABEL[field]} ${what}`, this.where(col, FIELD_LABEL[field]));
  }

  private dateError(col: number, expected: string): PipscopeError {
    return new PipscopeError(
      "DATA_BAD_DATE",
      `'${clip(this.fieldText(col))}' is not a date-time in the form ${expected}; give the layout with --date-format`,
      this.where(col, "time"),
    );
  }

  private fieldCountError(text: string, start: number, end: number): PipscopeError {
    const layout = this.layout;
    const line = text.slice(start, end);
    const other = [",", ";", "\t", "|"].find((d) => d !== layout.delimiter && line.split(d).length >= this.minFields);
    const hint = other
      ? ` — this line looks ${delimiterName(other)}: is it the wrong file or the wrong delimiter?`
      : ` — the line is cut short or belongs to another format: '${clip(line)}'`;
    return new PipscopeError(
      "DATA_FIELD_COUNT",
      `expected ${this.minFields} ${delimiterName(layout.delimiter)} fields for ${layout.description}, found ${this.fieldCount}${hint}`,
      { file: this.file, line: this.line },
    );
  }
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
