import type { DataKind } from "../types.ts";

/** Importable formats (issue 5 §3). `csv` is any delimited text with recognisable columns. */
export const FORMATS = [
  "mt5-bars",
  "mt5-ticks",
  "histdata-m1",
  "histdata-ticks",
  "dukascopy-bars",
  "dukascopy-ticks",
  "csv",
  "parquet",
] as const;
export type FormatId = (typeof FORMATS)[number];

/** Value columns of a bar row. */
export const BAR_FIELDS = ["open", "high", "low", "close", "tickVolume", "volume", "spread"] as const;
/** Value columns of a tick row. */
export const TICK_FIELDS = ["bid", "ask", "last", "volume", "flags"] as const;
export type ValueField = (typeof BAR_FIELDS)[number] | (typeof TICK_FIELDS)[number];

/**
 * How to read the lines of a delimited text file: which column holds what, how times are written
 * and which timezone they are in when the format says so. Built by detection (detect.ts) or from
 * the user's `--format`, `--map` and `--date-format`.
 */
export interface TextLayout {
  format: Exclude<FormatId, "parquet">;
  kind: DataKind;
  /** What was recognised, said to the user, e.g. "MT5 Bars export (tab-separated, header)". */
  description: string;
  /** The field separator (one character). */
  delimiter: string;
  /** Lines before the data (a header). */
  headerLines: number;
  /** Column names as the file states them, or `column 1`… when it has no header. */
  names: string[];
  /** Column of the date or of the whole date-time. */
  dateColumn: number;
  /** Column of the time of day when separate from the date, else -1. */
  timeColumn: number;
  /** `epoch`: the date column holds seconds or milliseconds since 1970 (UTC). */
  timeStyle: "pattern" | "epoch";
  /** Layout of the date (or date-time) column, see DateTimePattern. */
  datePattern: string;
  /** Layout of the separate time column. */
  timePattern: string;
  /** Column of each value; absent fields are not in the file. */
  columns: Partial<Record<ValueField, number>>;
  /** MT5 tick exports leave a field empty when it did not change: carry the last value forward. */
  carryForward: boolean;
  /** The zone the format itself fixes (HistData: −05:00; Dukascopy: its header), if any. */
  impliedZone?: string;
  /** Each time carries its own offset (Dukascopy "Local time … GMT+0800", ISO with Z). */
  rowOffsets: boolean;
}

/** Human names of the value columns, for errors ("field high"). */
export const FIELD_LABEL: Record<ValueField | "time", string> = {
  time: "time",
  open: "open",
  high: "high",
  low: "low",
  close: "close",
  tickVolume: "tick volume",
  volume: "volume",
  spread: "spread",
  bid: "bid",
  ask: "ask",
  last: "last",
  flags: "flags",
};
