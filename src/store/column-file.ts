import type { BarColumns, DataKind, TickColumns } from "../core/data/types.ts";
import { PipscopeError } from "../core/errors.ts";
import type { StoredFile } from "./host.ts";

/**
 * A partition's rows as raw columns, beside its Parquet file (`<partition>.cols`): what the engine
 * reads. Parquet stays the cache's format (other tools read it, imports and merges write it); this
 * copy exists because reading 1M rows out of Parquet through DuckDB-WASM takes ~0.45 s in a fresh
 * process (its code is still being compiled), where the raw bytes take ~40 ms, straight into the
 * engine's arrays. It is derived data: a missing one is built from the Parquet file again.
 *
 * Layout: "PSCOLS01", a uint32 (little-endian) length, that many bytes of JSON
 * `{kind, rows, columns}`, zeros up to a multiple of 8, then each column whole, in `columns`
 * order: Float64 little-endian values (flags as Int32, padded to 8 bytes).
 */
const MAGIC = "PSCOLS01";
const HEADER_BYTES = 4096;

/** Column names in BarColumns / TickColumns order (the Parquet column names). */
export const COLUMN_FIELDS: Record<DataKind, readonly [string, keyof BarColumns | keyof TickColumns][]> = {
  bars: [
    ["time", "time"],
    ["open", "open"],
    ["high", "high"],
    ["low", "low"],
    ["close", "close"],
    ["tick_volume", "tickVolume"],
    ["volume", "volume"],
    ["spread", "spread"],
  ],
  ticks: [
    ["time", "time"],
    ["bid", "bid"],
    ["ask", "ask"],
    ["last", "last"],
    ["volume", "volume"],
    ["flags", "flags"],
  ],
};

type Rows = BarColumns | TickColumns;
type Column = Float64Array | Int32Array;

const align8 = (n: number) => Math.ceil(n / 8) * 8;
const isInt = (kind: DataKind, field: string) => kind === "ticks" && field === "flags";

/** The file of rows [start, end) of `rows`. */
export function encodeColumns(kind: DataKind, rows: Rows, start = 0, end = rows.length): Uint8Array {
  const n = end - start;
  const fields = COLUMN_FIELDS[kind];
  const header = new TextEncoder().encode(JSON.stringify({ kind, rows: n, columns: fields.map(([name]) => name) }));
  const dataAt = align8(MAGIC.length + 4 + header.length);
  const sizes = fields.map(([name]) => align8(n * (isInt(kind, name) ? 4 : 8)));
  const bytes = new Uint8Array(dataAt + sizes.reduce((a, b) => a + b, 0));
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(MAGIC.length, header.length, true);
  bytes.set(header, MAGIC.length + 4);
  let at = dataAt;
  for (const [k, [, field]] of fields.entries()) {
    const column = (rows as unknown as Record<string, Column>)[field].subarray(start, end);
    bytes.set(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), at);
    at += sizes[k];
  }
  return bytes;
}

/** An opened column file: its row count and where each column starts. */
export interface ColumnFile {
  file: StoredFile;
  kind: DataKind;
  rows: number;
  /** Byte offset of each column, in COLUMN_FIELDS order. */
  offsets: number[];
}

/** Reads a column file's header. @throws PipscopeError DATA_BAD_COLUMNS when it is not one of `kind`. */
export async function openColumns(file: StoredFile, kind: DataKind, path: string): Promise<ColumnFile> {
  const head = new Uint8Array(Math.min(HEADER_BYTES, file.size));
  await file.read(head, 0);
  const bad = (why: string) =>
    new PipscopeError("DATA_BAD_COLUMNS", `${path} is not a column file: ${why}`, { file: path });
  if (new TextDecoder().decode(head.subarray(0, MAGIC.length)) !== MAGIC) throw bad("wrong magic");
  const length = new DataView(head.buffer).getUint32(MAGIC.length, true);
  if (MAGIC.length + 4 + length > head.length) throw bad("its header is cut");
  const header = JSON.parse(new TextDecoder().decode(head.subarray(MAGIC.length + 4, MAGIC.length + 4 + length)));
  const fields = COLUMN_FIELDS[kind];
  if (header.kind !== kind || JSON.stringify(header.columns) !== JSON.stringify(fields.map(([name]) => name)))
    throw bad(`it holds ${header.kind} columns ${header.columns}`);
  const rows = header.rows as number;
  const offsets: number[] = [];
  let at = align8(MAGIC.length + 4 + length);
  for (const [name] of fields) {
    offsets.push(at);
    at += align8(rows * (isInt(kind, name) ? 4 : 8));
  }
  if (at !== file.size) throw bad(`${file.size} bytes where ${rows} rows take ${at}`);
  return { file, kind, rows, offsets };
}

/** The whole time column of a column file. */
export async function readTimes(columns: ColumnFile): Promise<Float64Array> {
  const time = new Float64Array(columns.rows);
  await columns.file.read(time, columns.offsets[0]);
  return time;
}

/**
 * Reads rows [a, b) of every column into `out` from row `at` on (`out` sized by the caller); the
 * times from `time` (the whole column, already read) when given.
 */
export async function readRows(
  columns: ColumnFile,
  a: number,
  b: number,
  out: Rows,
  at: number,
  time?: Float64Array,
): Promise<void> {
  for (const [k, [name, field]] of COLUMN_FIELDS[columns.kind].entries()) {
    const target = (out as unknown as Record<string, Column>)[field];
    if (field === "time" && time) {
      target.set(time.subarray(a, b), at);
      continue;
    }
    const size = isInt(columns.kind, name) ? 4 : 8;
    await columns.file.read(target.subarray(at, at + (b - a)), columns.offsets[k] + a * size);
  }
}

/** Empty columns of `kind` with room for `n` rows (each its own buffer: transferable). */
export function emptyRows(kind: DataKind, n: number): Rows {
  const out: Record<string, unknown> = { length: n };
  for (const [name, field] of COLUMN_FIELDS[kind])
    out[field] = isInt(kind, name) ? new Int32Array(n) : new Float64Array(n);
  return out as unknown as Rows;
}
