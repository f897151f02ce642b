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
    const failure = insertArrowIpc(this.bindings, this.connection, ipc, { name, create: true });
    if (failure !== undefined) throw new PipscopeError("DATA_SQL", `DuckDB insert: ${failure}`);
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

/** The parts of the DuckDB-WASM module `insertArrowIpc` uses (the bindings' `mod` getter). */
interface WasmModule {
  HEAPU8: Uint8Array;
  HEAPF64: Float64Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  stackSave(): number;
  stackAlloc(bytes: number): number;
  stackRestore(saved: number): void;
  ccall(name: string, returns: null, types: string[], args: unknown[]): void;
}

/**
 * Inserts Arrow IPC stream bytes as a table, like `DuckDBConnection.insertArrowFromIPCStream`,
 * but frees the copy of the bytes in the WASM heap afterwards. duckdb-wasm 1.28.0 (pinned)
 * `_malloc`s that copy and never frees it, so every insert leaked its whole input — measured: the
 * heap grew 24 MB per 500k-tick chunk, RSS 527 MB importing 5M ticks, and a multi-GB import would
 * exhaust the browser's 4 GB WASM memory. The table holds its own copy of the rows once the call
 * returns (read back after the free in tests/unit/store). Same C entry point and arguments as the
 * package's own binding. Returns DuckDB's error message, or undefined on success.
 */
function insertArrowIpc(
  bindings: DuckDBBindings,
  connection: DuckDBConnection,
  ipc: Uint8Array,
  options: { name: string; create: boolean },
): string | undefined {
  const mod = (bindings as unknown as { mod: WasmModule }).mod;
  const conn = (connection as unknown as { _conn: number })._conn;
  const pointer = mod._malloc(ipc.length);
  try {
    mod.HEAPU8.set(ipc, pointer);
    const stack = mod.stackSave();
    try {
      const result = mod.stackAlloc(3 * 8); // status, message pointer, message length
      mod.ccall(
        "duckdb_web_insert_arrow_from_ipc_stream",
        null,
        ["number", "number", "number", "number", "string"],
        [result, conn, pointer, ipc.length, JSON.stringify(options)],
      );
      const status = mod.HEAPF64[result >> 3];
      if (status === 0) return undefined;
      const at = mod.HEAPF64[(result >> 3) + 1];
      const length = mod.HEAPF64[(result >> 3) + 2];
      return new TextDecoder().decode(mod.HEAPU8.slice(at, at + length));
    } finally {
      mod.stackRestore(stack);
    }
  } finally {
    mod._free(pointer);
  }
}
