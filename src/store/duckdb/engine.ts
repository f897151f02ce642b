import type { DuckDBBindings, DuckDBConnection } from "@duckdb/duckdb-wasm/blocking";
import { type Table, tableFromArrays, tableToIPC } from "apache-arrow";
import { PipscopeError } from "../../core/errors.ts";

/** Columns handed to or read from DuckDB: one typed array per column, all the same length. */
export type Columns = Record<string, Float64Array | Int32Array>;

/**
 * The one SQL engine of Pipscope: DuckDB-WASM's blocking bindings, the same package in Node (CLI,
 * tests) and in the browser's data worker. Queries are synchronous inside the worker (or the CLI's
 * thread) and return Arrow tables; this wrapper adds columnar inserts and typed-array results.
 */
export class SqlEngine {
  private readonly connection: DuckDBConnection;

  constructor(readonly bindings: DuckDBBindings) {
    this.connection = bindings.connect();
  }

  /** Runs SQL and returns its result; DuckDB's errors become `DATA_SQL` PipscopeErrors. */
  query(sql: string): Table {
    try {
      return this.connection.query(sql);
    } catch (error) {
      throw new PipscopeError("DATA_SQL", `DuckDB: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Runs statements whose result does not matter (DDL, COPY). */
  run(sql: string): void {
    this.query(sql);
  }

  /** Creates (or replaces) table `name` from columns, through Arrow IPC (one copy into WASM). */
  insert(name: string, columns: Columns): void {
    this.run(`DROP TABLE IF EXISTS ${name}`);
    const ipc = tableToIPC(tableFromArrays(columns), "stream");
    try {
      this.connection.insertArrowFromIPCStream(ipc, { name, create: true });
    } catch (error) {
      throw new PipscopeError("DATA_SQL", `DuckDB insert: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Runs a query and returns the named columns as typed arrays that each own their buffer, so they
   * can be transferred between workers without detaching one another. Numbers come back as
   * Float64Array unless the column is a 32-bit integer.
   */
  columns(sql: string, names: readonly string[]): { length: number; columns: Columns } {
    const table = this.query(sql);
    const columns: Columns = {};
    for (const name of names) {
      const vector = table.getChild(name);
      if (!vector) throw new PipscopeError("DATA_SQL", `query returned no column '${name}'`);
      const values = vector.toArray() as Float64Array | Int32Array;
      // A single-batch result is a view into the IPC buffer shared by every column: copy it out.
      const owned = values.byteOffset === 0 && values.byteLength === values.buffer.byteLength;
      columns[name] = owned ? values : values.slice();
    }
    return { length: table.numRows, columns };
  }

  /** A single number from the first row of a query (NaN when there is no row or it is null). */
  scalar(sql: string): number {
    const row = this.query(sql).get(0);
    if (!row) return Number.NaN;
    const value = Object.values(row.toJSON())[0];
    return value === null || value === undefined ? Number.NaN : Number(value);
  }
}

/**
 * Parquet compression: snappy. zstd makes files ~45 % smaller (a year of M1: 4.8 MB against
 * 8.8 MB) but writes them ~2× slower and reads them ~1.4× slower in DuckDB-WASM (measured on 372k
 * M1 bars), and imports (≥ 500k rows/s) and reads (a year of M1 ≤ 150 ms) have budgets; disk is
 * the cheaper resource.
 */
export const PARQUET_OPTIONS = "FORMAT parquet, COMPRESSION snappy";

/** Quotes a string for SQL ('it''s'). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
