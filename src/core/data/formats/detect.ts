import { PipscopeError } from "../../errors.ts";
import { DateTimePattern } from "../parse/datetime.ts";
import { delimiterName } from "../parse/rows.ts";
import type { DataKind } from "../types.ts";
import { FORMATS, type FormatId, type TextLayout, type ValueField } from "./layout.ts";

/** What the user may say about a file; everything left out is detected. */
export interface LayoutOptions {
  format?: FormatId;
  /** Column overrides, e.g. { time: "Date", open: "O" } or { close: "5" } (1-based position). */
  map?: Partial<Record<ValueField | "time" | "date", string>>;
  /** Layout of the time column, e.g. `DD/MM/YYYY HH:mm` (see DateTimePattern). */
  dateFormat?: string;
}

/** How many lines detection looks at. */
export const DETECT_LINES = 20;

/** The most columns a text file may have: bars and ticks need fewer than a dozen. */
export const MAX_COLUMNS = 256;

/**
 * Refuses a line of more than MAX_COLUMNS columns, whichever of tab, comma, semicolon or bar
 * separates them. `cut`: the line is only the start of one (it counts "more than").
 * @throws PipscopeError DATA_TOO_MANY_COLUMNS naming file and line.
 */
export function checkColumnCount(text: string, line: number, file: string, cut = false): void {
  let columns = 0;
  for (const delimiter of ["\t", ",", ";", "|"]) {
    let count = 1;
    for (let i = text.indexOf(delimiter); i >= 0; i = text.indexOf(delimiter, i + 1)) count++;
    columns = Math.max(columns, count);
  }
  if (columns <= MAX_COLUMNS) return;
  throw new PipscopeError(
    "DATA_TOO_MANY_COLUMNS",
    `line ${line} has ${cut ? "more than " : ""}${columns.toLocaleString("en-US")} columns; files of at most ${MAX_COLUMNS} are read (bars and ticks need fewer than a dozen) — is this the right file?`,
    { file, line },
  );
}

const MT5_DATE = "YYYY.MM.DD";
const MT5_TIME = "HH:mm:ss.SSS";

/** Column names by what they hold, after lower-casing and dropping everything but letters/digits. */
const NAME_ALIASES: Record<ValueField | "time" | "date" | "clock", string[]> = {
  time: ["datetime", "timestamp", "gmttime", "localtime", "timeeet", "timeutc", "timegmt", "opentime", "ts", "dt"],
  date: ["date", "day"],
  clock: ["time", "hour"],
  open: ["open", "o", "openbid"],
  high: ["high", "h", "highbid"],
  low: ["low", "l", "lowbid"],
  close: ["close", "c", "closebid"],
  tickVolume: ["tickvol", "tickvolume", "ticks"],
  volume: ["vol", "volume", "realvolume", "bidvolume"],
  spread: ["spread"],
  bid: ["bid"],
  ask: ["ask"],
  last: ["last"],
  flags: ["flags", "flag"],
};

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** What a named column may hold: a value, the date-time (`time`), a date, or a time of day (`clock`). */
export type ColumnRole = keyof typeof NAME_ALIASES;

/**
 * The column among `names` that holds `role`, recognised by name case- and punctuation-
 * insensitively ("Tick Volume" = tickvolume), or -1. Aliases are tried in order of preference.
 */
export function findColumn(names: readonly string[], role: ColumnRole): number {
  const normalised = names.map(normalise);
  for (const alias of NAME_ALIASES[role]) {
    const i = normalised.indexOf(alias);
    if (i >= 0) return i;
  }
  return -1;
}

/** Date-time layouts tried on a time column, in order; ambiguous ones are told apart by the data. */
const DATETIME_CANDIDATES = [
  "YYYY-MM-DD HH:mm:ss.SSSZ",
  "YYYY.MM.DD HH:mm:ss.SSSZ",
  "YYYY/MM/DD HH:mm:ss.SSSZ",
  "DD.MM.YYYY HH:mm:ss.SSSZ",
  "YYYYMMDD HHmmssSSS",
  "YYYYMMDD HHmmss",
  "DD/MM/YYYY HH:mm:ss.SSSZ",
  "MM/DD/YYYY HH:mm:ss.SSSZ",
  "DD-MM-YYYY HH:mm:ss.SSSZ",
  "YYYY-MM-DD",
  "YYYY.MM.DD",
  "YYYY/MM/DD",
  "DD.MM.YYYY",
  "YYYYMMDD",
  "DD/MM/YYYY",
  "MM/DD/YYYY",
];
const CLOCK_CANDIDATES = ["HH:mm:ss.SSS", "HHmmssSSS", "HHmmss"];

/**
 * Recognises a text file's format from its first lines (issue 5 §3) and returns how to read it,
 * with a description to tell the user. `lines` are the first DETECT_LINES lines without line
 * terminators, BOM removed. With `options.format` the file must fit that format.
 * @throws PipscopeError DATA_EMPTY_FILE, DATA_UNKNOWN_FORMAT, DATA_FORMAT_MISMATCH,
 *   DATA_AMBIGUOUS_DATE, DATA_BAD_MAP, DATA_TOO_MANY_COLUMNS (each naming the file and what was seen).
 */
export function detectLayout(lines: string[], file: string, options: LayoutOptions = {}): TextLayout {
  for (const [i, line] of lines.entries()) checkColumnCount(line, i + 1, file);
  const sample = lines.filter((l) => l.trim() !== "").slice(0, DETECT_LINES);
  if (sample.length === 0) throw new PipscopeError("DATA_EMPTY_FILE", "the file has no data lines", { file });
  if (options.format === "parquet") {
    throw new PipscopeError("DATA_FORMAT_MISMATCH", "this is a text file, not Parquet", { file, field: "format" });
  }
  const detected = recognise(sample, file, options);
  const csvFamily = options.format === "csv" && detected.format !== "mt5-bars" && detected.format !== "mt5-ticks";
  if (options.format && detected.format !== options.format && !csvFamily) {
    throw new PipscopeError(
      "DATA_FORMAT_MISMATCH",
      `--format ${options.format} was given, but the file looks like ${detected.description}: '${clip(sample[0])}'`,
      { file, line: 1, field: "format" },
    );
  }
  return detected;
}

function recognise(sample: string[], file: string, options: LayoutOptions): TextLayout {
  switch (options.format) {
    case "mt5-bars":
    case "mt5-ticks":
      return mt5Layout(sample, file, options);
    case "histdata-m1":
    case "histdata-ticks":
      return histDataLayout(sample, file, options.format);
    case "csv":
    case "dukascopy-bars":
    case "dukascopy-ticks":
      return delimitedLayout(sample, file, options);
  }
  const first = sample[0];
  // MT5 export with its <DATE> header, or without one (dates like 2025.06.23, tab-separated).
  if (/^<DATE>/i.test(first) || /^\d{4}\.\d{2}\.\d{2}\t/.test(first)) return mt5Layout(sample, file, options);
  // HistData: `20170102 020000;1.05155;…` (M1) and `20120201 000003660,1.3066,…` (ticks).
  if (/^\d{8} \d{6};/.test(first)) return histDataLayout(sample, file, "histdata-m1");
  if (/^\d{8} \d{9},/.test(first)) return histDataLayout(sample, file, "histdata-ticks");
  return delimitedLayout(sample, file, options);
}

function mt5Layout(sample: string[], file: string, options: LayoutOptions): TextLayout {
  const hasHeader = /^<DATE>/i.test(sample[0]);
  const cells = sample[0].split("\t");
  if (cells.length < 3) {
    throw new PipscopeError(
      "DATA_FORMAT_MISMATCH",
      `MT5 exports are tab-separated, but line 1 has no tabs between its fields: '${clip(sample[0])}' — ${guessDelimiter(sample[0])}`,
      { file, line: 1 },
    );
  }
  let names: string[];
  if (hasHeader) names = cells.map((c) => c.replace(/[<>]/g, "").trim().toUpperCase());
  else if (cells.length === 7 || options.format === "mt5-ticks") {
    names = ["DATE", "TIME", "BID", "ASK", "LAST", "VOLUME", "FLAGS"];
  } else if (cells.length === 8 && !/^\d{1,2}:\d{2}/.test(cells[1])) {
    names = ["DATE", "OPEN", "HIGH", "LOW", "CLOSE", "TICKVOL", "VOL", "SPREAD"]; // D1 and above: no <TIME>
  } else names = ["DATE", "TIME", "OPEN", "HIGH", "LOW", "CLOSE", "TICKVOL", "VOL", "SPREAD"];
  const at = (name: string) => names.indexOf(name);
  const kind: DataKind = at("BID") >= 0 ? "ticks" : "bars";
  const format = kind === "ticks" ? "mt5-ticks" : "mt5-bars";
  const required = kind === "ticks" ? ["DATE", "TIME", "BID", "ASK"] : ["DATE", "OPEN", "HIGH", "LOW", "CLOSE"];
  const missing = required.filter((n) => at(n) < 0);
  if (missing.length) {
    throw new PipscopeError(
      "DATA_FORMAT_MISMATCH",
      `MT5 header without ${missing.map((n) => `<${n}>`).join(", ")}: '${clip(sample[0])}'`,
      { file, line: 1 },
    );
  }
  const columns: TextLayout["columns"] =
    kind === "ticks"
      ? { bid: at("BID"), ask: at("ASK"), last: at("LAST"), volume: at("VOLUME"), flags: at("FLAGS") }
      : {
          open: at("OPEN"),
          high: at("HIGH"),
          low: at("LOW"),
          close: at("CLOSE"),
          tickVolume: at("TICKVOL"),
          volume: at("VOL"),
          spread: at("SPREAD"),
        };
  for (const key of Object.keys(columns) as ValueField[]) if ((columns[key] ?? -1) < 0) delete columns[key];
  return applyOverrides(
    {
      format,
      kind,
      description: `MT5 ${kind === "ticks" ? "Ticks" : "Bars"} export (tab-separated, ${hasHeader ? "with" : "no"} header)`,
      delimiter: "\t",
      headerLines: hasHeader ? 1 : 0,
      names,
      dateColumn: at("DATE"),
      timeColumn: at("TIME"),
      timeStyle: "pattern",
      datePattern: MT5_DATE,
      timePattern: MT5_TIME,
      columns,
      carryForward: kind === "ticks",
      rowOffsets: false,
    },
    file,
    options,
  );
}

function histDataLayout(sample: string[], file: string, format: "histdata-m1" | "histdata-ticks"): TextLayout {
  const ticks = format === "histdata-ticks";
  const delimiter = ticks ? "," : ";";
  const expected = ticks ? /^\d{8} \d{9},/ : /^\d{8} \d{6};/;
  if (!expected.test(sample[0])) {
    throw new PipscopeError(
      "DATA_FORMAT_MISMATCH",
      `HistData ${ticks ? "tick lines look like '20120201 000003660,1.306600,1.306770,0'" : "M1 lines look like '20170102 020000;1.051550;1.051970;1.051550;1.051900;0'"}, line 1 is '${clip(sample[0])}'`,
      { file, line: 1 },
    );
  }
  return {
    format,
    kind: ticks ? "ticks" : "bars",
    description: ticks ? "HistData ASCII ticks (comma-separated)" : "HistData ASCII M1 bars (semicolon-separated)",
    delimiter,
    headerLines: 0,
    names: ticks ? ["time", "bid", "ask", "volume"] : ["time", "open", "high", "low", "close", "volume"],
    dateColumn: 0,
    timeColumn: -1,
    timeStyle: "pattern",
    datePattern: ticks ? "YYYYMMDD HHmmssSSS" : "YYYYMMDD HHmmss",
    timePattern: "",
    columns: ticks ? { bid: 1, ask: 2, volume: 3 } : { open: 1, high: 2, low: 3, close: 4, volume: 5 },
    carryForward: false,
    // HistData writes Eastern Standard Time all year, without daylight saving (histdata.com FAQ).
    impliedZone: "-05:00",
    rowOffsets: false,
  };
}

/** Generic CSV/TSV, and Dukascopy (a CSV whose header says Gmt time / Local time / Time (EET)). */
function delimitedLayout(sample: string[], file: string, options: LayoutOptions): TextLayout {
  const delimiter = chooseDelimiter(sample);
  if (!delimiter) {
    throw new PipscopeError(
      "DATA_UNKNOWN_FORMAT",
      `not a recognised format: line 1 '${clip(sample[0])}' is neither an MT5, HistData or Dukascopy export nor a CSV/TSV with a time column and prices; name the columns with --map or pick --format`,
      { file, line: 1 },
    );
  }
  const rows = sample.map((l) => l.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, "$1")));
  const hasHeader = rows[0].some((cell) => cell !== "" && Number.isNaN(Number(cell)) && !looksLikeTime(cell));
  const names = hasHeader ? rows[0] : rows[0].map((_, i) => `column ${i + 1}`);
  const data = hasHeader ? rows.slice(1) : rows;
  if (data.length === 0)
    throw new PipscopeError("DATA_EMPTY_FILE", "the file has a header but no data lines", { file });

  const find = (role: ColumnRole) => (hasHeader ? findColumn(names, role) : -1);
  let dateColumn = find("time");
  let timeColumn = -1;
  if (dateColumn < 0 && find("date") >= 0) {
    dateColumn = find("date");
    timeColumn = find("clock");
  } else if (dateColumn < 0) dateColumn = find("clock");
  const columns: TextLayout["columns"] = {};
  for (const field of [
    "open",
    "high",
    "low",
    "close",
    "tickVolume",
    "volume",
    "spread",
    "bid",
    "ask",
    "last",
    "flags",
  ] as const) {
    const i = find(field);
    if (i >= 0) columns[field] = i;
  }
  if (!hasHeader) {
    // No names: an unnamed first column is the time (plus a time-of-day column when the second is
    // one), then prices by position: 4+ numbers are O, H, L, C [, volume]; 2–3 are bid, ask [, volume].
    dateColumn = 0;
    if (data.every((r) => r.length > 1 && /^\d{1,2}:\d{2}/.test(r[1]))) timeColumn = 1;
    const first = timeColumn >= 0 ? 2 : 1;
    const count = data[0].length - first;
    if (count >= 4) Object.assign(columns, { open: first, high: first + 1, low: first + 2, close: first + 3 });
    if (count >= 5) columns.volume = first + 4;
    if (count === 2 || count === 3) Object.assign(columns, { bid: first, ask: first + 1 });
    if (count === 3) columns.volume = first + 2;
  }
  const firstName = normalise(names[0] ?? "");
  const dukascopy = hasHeader && ["gmttime", "localtime", "timeeet"].includes(firstName);
  const kind: DataKind = columns.bid !== undefined && columns.open === undefined ? "ticks" : "bars";
  const format: TextLayout["format"] = dukascopy ? (kind === "ticks" ? "dukascopy-ticks" : "dukascopy-bars") : "csv";
  const layout: TextLayout = {
    format,
    kind,
    description: dukascopy
      ? `Dukascopy ${kind === "ticks" ? "ticks" : "bars"} CSV (${names[0]})`
      : `${delimiter === "\t" ? "TSV" : "CSV"} ${kind} (${delimiterName(delimiter)}, ${hasHeader ? "with" : "no"} header)`,
    delimiter,
    headerLines: hasHeader ? 1 : 0,
    names,
    dateColumn,
    timeColumn,
    timeStyle: "pattern",
    datePattern: "",
    timePattern: "",
    columns,
    carryForward: false,
    impliedZone: dukascopy ? { gmttime: "UTC", timeeet: "EET", localtime: undefined }[firstName] : undefined,
    rowOffsets: false,
  };
  return applyOverrides(layout, file, options, data);
}

/** Applies --map and --date-format, then settles the time layout from the data and checks the result. */
function applyOverrides(layout: TextLayout, file: string, options: LayoutOptions, data?: string[][]): TextLayout {
  const map = options.map ?? {};
  for (const [field, target] of Object.entries(map) as [ValueField | "time" | "date", string][]) {
    const index = columnIndex(layout.names, target);
    if (index < 0) {
      throw new PipscopeError(
        "DATA_BAD_MAP",
        `--map ${field}=${target}: no such column; the columns are ${layout.names.map((n) => `'${n}'`).join(", ")}`,
        { file, field: field },
      );
    }
    if (field === "time") {
      layout.dateColumn = index;
      if (!map.date) layout.timeColumn = -1;
    } else if (field === "date") layout.dateColumn = index;
    else layout.columns[field] = index;
  }
  if (map.time && map.date) layout.timeColumn = columnIndex(layout.names, map.time);
  if (map.bid !== undefined && map.open === undefined) layout.kind = "ticks";
  if (layout.dateColumn < 0) {
    throw new PipscopeError(
      "DATA_NO_TIME_COLUMN",
      `no time column among ${layout.names.map((n) => `'${n}'`).join(", ")}; name it with --map time=<column>`,
      { file, line: 1 },
    );
  }
  const needed: ValueField[] = layout.kind === "ticks" ? ["bid", "ask"] : ["open", "high", "low", "close"];
  const missing = needed.filter((f) => layout.columns[f] === undefined);
  if (missing.length) {
    throw new PipscopeError(
      "DATA_MISSING_COLUMNS",
      `no ${missing.join(", ")} column among ${layout.names.map((n) => `'${n}'`).join(", ")}; name them with --map ${missing[0]}=<column>`,
      { file, line: 1 },
    );
  }
  if (data) settleTimeLayout(layout, data, file, options.dateFormat);
  else if (options.dateFormat) layout.datePattern = options.dateFormat;
  return layout;
}

function settleTimeLayout(layout: TextLayout, data: string[][], file: string, dateFormat?: string): void {
  const dates = data.map((r) => r[layout.dateColumn] ?? "");
  if (dateFormat) {
    layout.datePattern = dateFormat;
    layout.rowOffsets = dateFormat.includes("Z");
    const parser = new DateTimePattern(dateFormat);
    const bad = dates.findIndex((d) => Number.isNaN(parser.parse(d, 0, d.length)));
    if (bad >= 0) {
      throw new PipscopeError("DATA_BAD_DATE", `'${dates[bad]}' does not fit --date-format ${dateFormat}`, {
        file,
        line: bad + 1 + layout.headerLines,
        field: "time",
      });
    }
  } else if (dates.every((d) => /^\d{9,13}(\.\d+)?$/.test(d))) {
    layout.timeStyle = "epoch";
    layout.impliedZone = "UTC";
    layout.description += ", epoch times";
  } else {
    layout.datePattern = pickPattern(
      layout.timeColumn >= 0 ? DATETIME_CANDIDATES.filter((c) => !c.includes("H")) : DATETIME_CANDIDATES,
      dates,
      file,
      layout,
    );
    const parser = new DateTimePattern(layout.datePattern);
    layout.rowOffsets = dates.some((d) => {
      parser.parse(d, 0, d.length);
      return !Number.isNaN(parser.offsetMs);
    });
  }
  if (layout.timeColumn >= 0) {
    const times = data.map((r) => r[layout.timeColumn] ?? "");
    layout.timePattern = pickPattern(CLOCK_CANDIDATES, times, file, layout);
  }
}

function pickPattern(candidates: string[], values: string[], file: string, layout: TextLayout): string {
  const fits = candidates.filter((pattern) => {
    const parser = new DateTimePattern(pattern);
    return values.every((v) => !Number.isNaN(parser.parse(v, 0, v.length)));
  });
  // DD/MM and MM/DD both fit when every day is ≤ 12: refuse to guess.
  const slash = fits.filter((p) => p.startsWith("DD/MM") || p.startsWith("MM/DD"));
  if (slash.length > 1) {
    throw new PipscopeError(
      "DATA_AMBIGUOUS_DATE",
      `dates like '${values[0]}' could be day/month or month/day; say which with --date-format "DD/MM/YYYY HH:mm" or "MM/DD/YYYY HH:mm"`,
      { file, line: layout.headerLines + 1, field: "time" },
    );
  }
  if (fits.length === 0) {
    const bad = values.find((v) => candidates.every((p) => Number.isNaN(new DateTimePattern(p).parse(v, 0, v.length))));
    throw new PipscopeError(
      "DATA_BAD_DATE",
      `'${bad ?? values[0]}' is not a date-time Pipscope recognises; give its layout with --date-format (e.g. "YYYY-MM-DD HH:mm:ss")`,
      { file, line: layout.headerLines + 1 + Math.max(0, values.indexOf(bad ?? "")), field: "time" },
    );
  }
  return fits[0];
}

function columnIndex(names: string[], target: string): number {
  if (/^\d+$/.test(target)) {
    const index = Number(target) - 1;
    return index >= 0 && index < names.length ? index : -1;
  }
  const wanted = normalise(target);
  return names.findIndex((n) => normalise(n) === wanted);
}

/** The delimiter that splits every sample line into the same number (≥ 2) of fields. */
function chooseDelimiter(sample: string[]): string | undefined {
  let best: string | undefined;
  let bestFields = 1;
  for (const d of ["\t", ",", ";", "|"]) {
    const counts = sample.map((l) => l.split(d).length);
    const consistent = counts.every((c) => c === counts[0]) || counts.slice(1).every((c) => c === counts[1]);
    if (consistent && counts[counts.length - 1] > bestFields) {
      best = d;
      bestFields = counts[counts.length - 1];
    }
  }
  return best;
}

function guessDelimiter(line: string): string {
  const found = [",", ";", "|"].find((d) => line.includes(d));
  return found
    ? `it looks ${delimiterName(found)}; re-export with tabs or import it as --format csv`
    : "is it an MT5 export?";
}

function looksLikeTime(cell: string): boolean {
  return (
    /^\d{4}[-./]?\d{2}[-./]?\d{2}/.test(cell) ||
    /^\d{1,2}[./-]\d{1,2}[./-]\d{4}/.test(cell) ||
    /^\d{1,2}:\d{2}/.test(cell)
  );
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Whether `value` names an import format. */
export function isFormat(value: string): value is FormatId {
  return (FORMATS as readonly string[]).includes(value);
}
