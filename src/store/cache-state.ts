import type { Instrument } from "../core/data/types.ts";
import type { Catalog } from "./catalog.ts";
import type { StoreHost } from "./host.ts";
import type { ReadContext } from "./read.ts";

/**
 * What the parts of the market-data store share (imports, recording, the sample): where its files
 * live, the catalog, and the one way to change it.
 */
export interface CacheState {
  readonly host: StoreHost;
  /** The catalog as last read or saved. */
  readonly catalog: Catalog;
  /**
   * Saves the catalog `change` makes of the current one: the write is atomic on the host, and the
   * change is a function of the catalog, never a whole catalog held from before.
   */
  update(change: (catalog: Catalog) => Catalog): Promise<Catalog>;
  /** The instrument of a symbol: the edited spec, else the built-in one; undefined when it has none. */
  instrument(symbol: string): Instrument | undefined;
  /** What reads of the cached files need. */
  readContext(): ReadContext;
}
