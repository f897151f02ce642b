import type { BarChunk, Chunk, TickChunk } from "../../core/data/chunk.ts";
import { type ColumnRole, findColumn } from "../../core/data/formats/detect.ts";
import { BAR_FIELDS, TICK_FIELDS, type ValueField } from "../../core/data/formats/layout.ts";
import { type DataKind, TICK_FLAGS } from "../../core/data/types.ts";
import { PipscopeError } from "../../core/errors.ts";
import type { SqlEngine } from "../duckdb/engine.ts";
import { sqlString } from "../duckdb/sql-text.ts";
import type { ImportSource } from "./source.ts";
import type { RowProducer } from "./text-producer.ts";

/** Largest Parquet file imported: it is handed to DuckDB whole (compressed, ~10× under its CSV). */
export const PARQUET_MAX_BYTES = 1024 ** 3;

/** What a Parquet file holds, as far as importing it goes. */
export interface ParquetShape {
  kind: DataKind;
  /** "Parquet (bars: time, open, high, low, close; times as TIMESTAMP)". */
  description: string;
  /** Its times are wall-clock times in a zone the user must name (TIMESTAMP without zone). */
  needsZone: boolean;
  rows: number;
}

/** How each time type becomes epoch ms: UTC already, or wall-clock in the source zone. */
interface TimeColumn {
  name: string;
  sql: string;
  local: boolean;
}

const quoteName = (name: string) => `"${name.replaceAll('"', '""')}"`;
const TIME_ROLES: ColumnRole[] = ["time", "clock", "date"];

/**
 * Reads a Parquet file of bars or ticks with DuckDB (issue 5 §3: "Parquet files with those
 * columns"): columns are recognised by name as in a CSV (time/timestamp/datetime/date; open, high,
 * low, close, tick volume, volume, spread; bid, ask, last, volume, flags), times may be TIMESTAMP
 * (wall-clock in the source zone), TIMESTAMPTZ (UTC) or epoch seconds/ms numbers (UTC). Rows come
 * out in chunks (LIMIT/OFFSET), so the rows in memory are bounded like a text import's; the
 * file's own bytes are held by DuckDB while it is read (up to PARQUET_MAX_BYTES).
 */
export class ParquetProducer implements RowProducer {
  bytesRead = 0;
  readonly totalBytes: number;
  readonly shape: ParquetShape;
  private offset = 0;
  private lastBid = Number.NaN;
  private lastAsk = Number.NaN;
  private toUtc: (local: number) => number = (t) => t;

  private constructor(
    private readonly sql: SqlEngine,
    private readonly file: string,
    private readonly registered: string,
    private readonly relation: string,
    private readonly time: TimeColumn,
    private readonly values: Partial<Record<ValueField, string>>,
    shape: ParquetShape,
    size: number,
  ) {
    this.shape = shape;
    this.totalBytes = size;
  }

  /**
   * Registers the file with DuckDB and recognises its columns.
   * @throws PipscopeError DATA_FILE_TOO_LARGE, DATA_BAD_PARQUET (unreadable), DATA_UNKNOWN_FORMAT
   *   (no time or price columns), DATA_PARQUET_TIME_TYPE (times held as text).
   */
  static async open(sql: SqlEngine, source: ImportSource, kindWanted?: DataKind): Promise<ParquetProducer> {
    const file = source.name;
    if (source.size > PARQUET_MAX_BYTES) {
      throw new PipscopeError(
        "DATA_FILE_TOO_LARGE",
        `this Parquet file is ${Math.round(source.size / 2 ** 20)} MB; Parquet imports are limited to ${PARQUET_MAX_BYTES / 2 ** 20} MB: split it or export it as CSV`,
        { file },
      );
    }
    const registered = `import-${Date.now()}-${Math.random().toString(36).slice(2)}.parquet`;
    sql.bindings.registerFileBuffer(registered, await source.read(0, source.size));
    const relation = `read_parquet(${sqlString(registered)})`;
    try {
      let schema: { names: string[]; types: string[]; rows: number };
      try {
        const described = sql.query(`DESCRIBE SELECT * FROM ${relation}`);
        const strings = (name: string) => Array.from(described.getChild(name)?.toArray() ?? [], String);
        schema = {
          names: strings("column_name"),
          types: strings("column_type"),
          rows: sql.scalar(`SELECT count(*) FROM ${relation}`),
        };
      } catch (error) {
        throw new PipscopeError(
          "DATA_BAD_PARQUET",
          `this Parquet file cannot be read (${error instanceof Error ? error.message.replace(/^DuckDB: /, "") : String(error)})`,
          { file },
        );
      }
      const time = timeColumn(sql, relation, schema.names, schema.types, file);
      const has = (field: ValueField) => findColumn(schema.names, field) >= 0;
      const kind: DataKind =
        kindWanted ?? (["open", "high", "low", "close"].every((f) => has(f as ValueField)) ? "bars" : "ticks");
      const required: ValueField[] = kind === "bars" ? ["open", "high", "low", "close"] : ["bid", "ask"];
      const missing = required.filter((f) => !has(f));
      if (missing.length > 0) {
        throw new PipscopeError(
          "DATA_UNKNOWN_FORMAT",
          `this Parquet file has no ${missing.join(", ")} column${missing.length > 1 ? "s" : ""} (columns: ${schema.names.join(", ")}): bars need open, high, low, close; ticks need bid and ask`,
          { file, field: missing[0] },
        );
      }
      const values: Partial<Record<ValueField, string>> = {};
      for (const field of kind === "bars" ? BAR_FIELDS : TICK_FIELDS) {
        const i = findColumn(schema.names, field);
        if (i >= 0) values[field] = schema.names[i];
      }
      const listed = [time.name, ...Object.values(values)].join(", ");
      const timeType = schema.types[schema.names.indexOf(time.name)];
      const shape: ParquetShape = {
        kind,
        description: `Parquet (${kind}: ${listed}; times as ${timeType})`,
        needsZone: time.local,
        rows: schema.rows,
      };
      return new ParquetProducer(sql, file, registered, relation, time, values, shape, source.size);
    } catch (error) {
      sql.bindings.dropFile(registered);
      throw error;
    }
  }

  /** Releases the file's bytes held by DuckDB. */
  close(): void {
    this.sql.bindings.dropFile(this.registered);
  }

  /** Converts wall-clock times of the source zone to UTC (for TIMESTAMP columns). */
  useZone(toUtc: (local: number) => number): void {
    this.toUtc = toUtc;
  }

  async fill(chunk: Chunk, target: number): Promise<boolean> {
    const limit = Math.min(target, chunk.capacity) - chunk.length;
    if (limit <= 0) return this.offset < this.shape.rows;
    const fields = this.shape.kind === "bars" ? BAR_FIELDS : TICK_FIELDS;
    const select = [
      `COALESCE(${this.time.sql}, 'NaN'::DOUBLE) AS time`,
      ...fields.map((f) => {
        const column = this.values[f];
        const fallback = f === "last" ? "'NaN'::DOUBLE" : f === "flags" ? "-1" : "0";
        const type = f === "flags" ? "INTEGER" : "DOUBLE";
        return `COALESCE(CAST(${column ? quoteName(column) : "NULL"} AS ${type}), ${fallback}) AS ${quoteName(f)}`;
      }),
    ];
    const { length, columns } = this.sql.columns(
      `SELECT ${select.join(", ")} FROM ${this.relation} LIMIT ${limit} OFFSET ${this.offset}`,
      ["time", ...fields],
    );
    const time = columns.time;
    const local = this.time.local;
    for (let r = 0; r < length; r++) {
      const i = chunk.length;
      if (!Number.isFinite(time[r])) throw this.rowError(r, "time", "has no time");
      chunk.time[i] = local ? this.toUtc(time[r]) : time[r];
      if (this.shape.kind === "bars") this.bar(chunk as BarChunk, i, r, columns);
      else this.tick(chunk as TickChunk, i, r, columns);
      chunk.length = i + 1;
    }
    this.offset += length;
    this.bytesRead = Math.round((this.offset / Math.max(1, this.shape.rows)) * this.totalBytes);
    // Let the event loop breathe between chunks (progress, cancel).
    await new Promise((resolve) => setTimeout(resolve, 0));
    return this.offset < this.shape.rows;
  }

  private bar(chunk: BarChunk, i: number, r: number, c: Record<string, Float64Array | Int32Array>): void {
    chunk.open[i] = c.open[r];
    chunk.high[i] = c.high[r];
    chunk.low[i] = c.low[r];
    chunk.close[i] = c.close[r];
    chunk.tickVolume[i] = c.tickVolume[r];
    chunk.volume[i] = c.volume[r];
    chunk.spread[i] = c.spread[r];
  }

  private tick(chunk: TickChunk, i: number, r: number, c: Record<string, Float64Array | Int32Array>): void {
    const bid = c.bid[r];
    const ask = c.ask[r];
    chunk.bid[i] = bid;
    chunk.ask[i] = ask;
    chunk.last[i] = c.last[r];
    chunk.volume[i] = c.volume[r];
    // No flags column: say what changed, as MT5 does (MqlTick.flags).
    chunk.flags[i] =
      c.flags[r] >= 0
        ? c.flags[r]
        : (bid !== this.lastBid ? TICK_FLAGS.bid : 0) | (ask !== this.lastAsk ? TICK_FLAGS.ask : 0);
    this.lastBid = bid;
    this.lastAsk = ask;
  }

  private rowError(r: number, field: string, problem: string): PipscopeError {
    const row = this.offset + r + 1;
    return new PipscopeError("DATA_BAD_DATE", `row ${row} ${problem}`, { file: this.file, line: row, field });
  }
}

/** The time column and the SQL that makes it epoch ms. */
function timeColumn(sql: SqlEngine, relation: string, names: string[], types: string[], file: string): TimeColumn {
  let i = -1;
  for (const role of TIME_ROLES) if (i < 0) i = findColumn(names, role);
  if (i < 0) {
    throw new PipscopeError(
      "DATA_UNKNOWN_FORMAT",
      `this Parquet file has no time column (columns: ${names.join(", ")}): name it time, timestamp, datetime or date`,
      { file, field: "time" },
    );
  }
  const name = names[i];
  const type = types[i].toUpperCase();
  const column = quoteName(name);
  if (type === "TIMESTAMP WITH TIME ZONE") return { name, sql: `epoch_ms(${column})::DOUBLE`, local: false };
  if (type.startsWith("TIMESTAMP") || type === "DATE") {
    return { name, sql: `epoch_ms(${column}::TIMESTAMP)::DOUBLE`, local: true };
  }
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|DOUBLE|FLOAT|REAL|DECIMAL.*)$/.test(type)) {
    // Epoch seconds until the year 5138; larger numbers are milliseconds.
    const first = sql.scalar(`SELECT ${column} FROM ${relation} WHERE ${column} IS NOT NULL LIMIT 1`);
    const scale = Math.abs(first) < 1e11 ? 1000 : 1;
    return { name, sql: `(CAST(${column} AS DOUBLE) * ${scale})`, local: false };
  }
  throw new PipscopeError(
    "DATA_PARQUET_TIME_TYPE",
    `the time column '${name}' holds ${type}: Parquet times must be TIMESTAMP, TIMESTAMPTZ or epoch seconds/ms`,
    { file, field: "time" },
  );
}
