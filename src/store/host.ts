import type { SqlEngine } from "./duckdb/engine.ts";
import type { WriteLock } from "./write-lock.ts";

/** Bytes used by the cache and the quota the host grants (null when unknown). */
export interface StorageUsage {
  usedBytes: number;
  quotaBytes: number | null;
}

/** A stored file opened for reading byte ranges of it. */
export interface StoredFile {
  readonly size: number;
  /** Fills `into` with the bytes from `position` on. @throws when the file ends first. */
  read(into: ArrayBufferView, position: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Where the market-data store keeps its files and catalog, and how DuckDB reaches them: the
 * CLI's directory (Node) or the browser's OPFS and IndexedDB (data worker). Paths are relative to
 * the data directory, with `/` separators, e.g. `EURUSD/bars/M1/2024/1718000000000-0.parquet`.
 */
export interface StoreHost {
  /**
   * DuckDB, started on first use (~0.15 s): imports, merges and Parquet files need it; reading
   * cached rows does not (column-file.ts).
   */
  sql(): Promise<SqlEngine>;
  /** Where the data lives, for messages ("/home/me/.pipscope", "this browser (OPFS)"). */
  readonly location: string;
  /** One writer per cache: held around every change to files or catalog (see MarketStore). */
  readonly writeLock: WriteLock;
  /** Makes a stored file readable by DuckDB and returns the name to use in SQL. */
  attach(path: string): Promise<string>;
  /**
   * Writes the result of `select` as Parquet to `path`: complete or not at all (written beside,
   * then renamed or flushed in one piece). Returns the file's size in bytes.
   */
  writeParquet(select: string, path: string): Promise<number>;
  /** Writes `bytes` to `path`, complete or not at all (beside, then swapped in). Returns the size. */
  writeFile(path: string, bytes: Uint8Array): Promise<number>;
  /** Opens a stored file for reading; undefined when there is none. */
  openFile(path: string): Promise<StoredFile | undefined>;
  /** Deletes a stored file (and directories it leaves empty); a missing file is not an error. */
  remove(path: string): Promise<void>;
  /** Every stored data file, relative paths; not the temporary files of writes in progress elsewhere. */
  listFiles(): Promise<string[]>;
  usage(): Promise<StorageUsage>;
  /** The stored catalog as parsed JSON, or undefined when there is none yet. */
  loadCatalog(): Promise<unknown>;
  /** Replaces the catalog atomically (rename in Node, one IndexedDB transaction in the browser). */
  saveCatalog(catalog: unknown): Promise<void>;
}
