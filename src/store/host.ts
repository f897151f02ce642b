import type { SqlEngine } from "./duckdb/engine.ts";

/** Bytes used by the cache and the quota the host grants (null when unknown). */
export interface StorageUsage {
  usedBytes: number;
  quotaBytes: number | null;
}

/**
 * Where the market-data store keeps its files and catalog, and how DuckDB reaches them: the
 * CLI's directory (Node) or the browser's OPFS and IndexedDB (data worker). Paths are relative to
 * the data directory, with `/` separators, e.g. `EURUSD/bars/M1/2024/1718000000000-0.parquet`.
 */
export interface StoreHost {
  readonly sql: SqlEngine;
  /** Where the data lives, for messages ("/home/me/.pipscope", "this browser (OPFS)"). */
  readonly location: string;
  /** Makes a stored file readable by DuckDB and returns the name to use in SQL. */
  attach(path: string): Promise<string>;
  /**
   * Writes the result of `select` as Parquet to `path`: complete or not at all (written beside,
   * then renamed or flushed in one piece). Returns the file's size in bytes.
   */
  writeParquet(select: string, path: string): Promise<number>;
  /** Deletes a stored file (and directories it leaves empty); a missing file is not an error. */
  remove(path: string): Promise<void>;
  /** Every stored data file, relative paths. */
  listFiles(): Promise<string[]>;
  usage(): Promise<StorageUsage>;
  /** The stored catalog as parsed JSON, or undefined when there is none yet. */
  loadCatalog(): Promise<unknown>;
  /** Replaces the catalog atomically (rename in Node, one IndexedDB transaction in the browser). */
  saveCatalog(catalog: unknown): Promise<void>;
}
