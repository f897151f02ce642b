/**
 * The part of apache-arrow 13 that Pipscope uses. Its package.json `exports` has no `types`
 * condition, so TypeScript's Bundler resolution cannot find `Arrow.dom.d.ts` (fixed upstream in
 * later majors, which duckdb-wasm 1.28 is not built against); we declare what we call instead.
 */
declare module "apache-arrow" {
  type NumberArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint8Array;

  export interface Vector {
    readonly length: number;
    /** The values as a typed array: a view for a single batch, a concatenated copy for several. */
    toArray(): NumberArray | BigInt64Array | unknown[];
  }

  export interface StructRow {
    toJSON(): Record<string, unknown>;
  }

  // biome-ignore lint/suspicious/noExplicitAny: duckdb-wasm's declarations pass a type map here.
  export interface Table<T = any> {
    readonly numRows: number;
    getChild(name: string): Vector | null;
    get(index: number): StructRow | null;
    toArray(): StructRow[];
    readonly __types?: T;
  }

  export type DataType = unknown;

  /** A table from named columns (typed arrays keep their type: Float64Array → Float64). */
  export function tableFromArrays(columns: Record<string, NumberArray>): Table;
  /** The table as an Arrow IPC stream (or file). */
  export function tableToIPC(table: Table, type?: "file" | "stream"): Uint8Array;
}
