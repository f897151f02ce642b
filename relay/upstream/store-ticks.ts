import type { TickColumns } from "../../src/core/data/types.ts";

/** One symbol's ticks, in time order. */
export interface SymbolTicks {
  symbol: string;
  ticks: TickColumns;
}

/**
 * Ticks the relay cannot read by itself, since it imports only src/core: Parquet files and the
 * local cache are read through Pipscope's data store (DuckDB). `pipscope relay` provides this
 * (src/cli/relay-ticks.ts); the bare `relay/main.ts` does not.
 */
export interface StoreTicks {
  /** Every tick of a Parquet file of one symbol (columns recognised as on import). */
  parquet(file: string, symbol: string): Promise<TickColumns>;
  /**
   * The cached ticks of `symbols` (none: every symbol with cached ticks) over the 24 h before the
   * newest of them, from the cache at `dataDir`.
   */
  cache(dataDir: string, symbols: readonly string[]): Promise<SymbolTicks[]>;
}
