import { tmpdir } from "node:os";
import type { StoreTicks, SymbolTicks } from "../../relay/upstream/store-ticks.ts";
import { TickChunk } from "../core/data/chunk.ts";
import type { TickColumns } from "../core/data/types.ts";
import { PipscopeError } from "../core/errors.ts";
import { MS_PER_DAY, type UtcMs } from "../core/units.ts";
import { openNodeDuckDB } from "../store/duckdb/node.ts";
import { ParquetProducer } from "../store/import/parquet-producer.ts";
import { nodeFileSource } from "../store/node-source.ts";
import type { CliIo } from "./command.ts";
import { openCliStore } from "./open-store.ts";

/** Rows read from a Parquet file per step. */
const STEP_ROWS = 65_536;

/**
 * `pipscope relay`'s reader of what the relay cannot read itself: Parquet tick files (through
 * the importer's ParquetProducer) and the CLI's local cache (through MarketStore).
 */
export function cliStoreTicks(io: CliIo): StoreTicks {
  return {
    async parquet(file, symbol) {
      const source = await nodeFileSource(file);
      try {
        const producer = await ParquetProducer.open(await openNodeDuckDB(tmpdir()), source, "ticks");
        try {
          // A replay keeps only the spacing of the times: wall-clock TIMESTAMPs are read as UTC.
          producer.useZone((local) => local);
          return await readAll(producer, symbol, file);
        } finally {
          producer.close();
        }
      } finally {
        await source.close();
      }
    },

    async cache(dataDir, symbols) {
      const store = await openCliStore(dataDir, io);
      const wanted = new Set(symbols);
      const datasets = store
        .list()
        .filter((d) => d.kind === "ticks" && (wanted.size === 0 || wanted.has(d.symbol)) && d.rows > 0);
      if (datasets.length === 0) {
        const which = wanted.size ? ` of ${[...wanted].join(", ")}` : "";
        throw new PipscopeError(
          "RELAY_EMPTY_REPLAY",
          `the cache at ${dataDir} holds no ticks${which}: import some with \`pipscope import\``,
          { path: dataDir, field: "--source" },
        );
      }
      const to = Math.max(...datasets.map((d) => d.last)) + 1;
      const from = to - MS_PER_DAY;
      const series: SymbolTicks[] = [];
      for (const d of datasets) {
        const loaded = await store.ticks(d.symbol, from as UtcMs, to as UtcMs, 0);
        series.push({ symbol: d.symbol, ticks: loaded.rows });
      }
      return series;
    },
  };
}

/** Every row of a Parquet tick file, checked to go forward in time. */
async function readAll(producer: ParquetProducer, symbol: string, file: string): Promise<TickColumns> {
  const all = new TickChunk(producer.shape.rows); // the file's row count, from its metadata
  while (await producer.fill(all, STEP_ROWS + all.length)) {}
  for (let i = 1; i < all.length; i++) {
    if (all.time[i] < all.time[i - 1]) {
      throw new PipscopeError("RELAY_BAD_TICK_FILE", `${symbol} ticks go back in time at row ${i + 1}`, {
        file,
        line: i + 1,
        field: "time",
      });
    }
  }
  return all.view();
}
