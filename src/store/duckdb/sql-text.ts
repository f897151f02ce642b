// SQL text shared by the hosts and the engine, apart from the engine so that a host that never
// queries (a backtest reading column files) loads neither DuckDB nor Arrow.

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
