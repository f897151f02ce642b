import { TickChunk } from "../core/data/chunk.ts";
import type { QualityReport } from "../core/data/quality.ts";
import type { TickColumns } from "../core/data/types.ts";
import { PipscopeError } from "../core/errors.ts";
import type { CacheState } from "./cache-state.ts";
import { type Dataset, type DatasetSource, datasetId, type Partition, RECORDING_NAME } from "./catalog.ts";
import { qualityAnalyzer, reanalyse } from "./ingest.ts";
import { removePartition, rewrite, writeRows } from "./write.ts";

/** Recorded tick files under this many rows count as small… */
const COMPACT_BELOW_ROWS = 200_000;
/** …and this many small files are merged into one. */
const COMPACT_AFTER = 16;

/** Where recorded ticks come from: the relay's upstream, and whether it is the synthetic generator. */
export interface RecordingOrigin {
  /** e.g. "relay recording (mt5-socket:8766)". */
  label: string;
  synthetic: boolean;
}

/** The dataset name of a recording: real and synthetic ticks never share one. */
export function recordingName(origin: RecordingOrigin): string {
  return origin.synthetic ? `${RECORDING_NAME}-synthetic` : RECORDING_NAME;
}

/**
 * Appends a batch of ticks of `symbol` to its recording dataset (the Live page records the relay's
 * ticks this way; the synthetic relay's go to a dataset of their own, labelled synthetic). Resolves
 * once the batch is in a Parquet file and the catalog names it, so a reload after that loses
 * nothing. Ticks earlier than the dataset's last one are skipped (the cache never goes back in
 * time); small files are compacted every COMPACT_AFTER batches, when the dataset's quality is
 * analysed again.
 * @throws PipscopeError DATA_BAD_TICKS naming the row and field of the first invalid tick.
 */
export async function appendTicks(
  state: CacheState,
  symbol: string,
  ticks: TickColumns,
  origin: RecordingOrigin,
): Promise<{ appended: number; skipped: number; rows: number }> {
  checkTicks(ticks);
  const name = recordingName(origin);
  const id = datasetId(symbol, "ticks", "tick", name);
  const old = state.catalog.datasets.find((d) => d.id === id);
  // Keep the ticks that move forward from the cache's last tick.
  const chunk = new TickChunk(ticks.length);
  let latest = old?.last ?? Number.NEGATIVE_INFINITY;
  for (let i = 0; i < ticks.length; i++) {
    if (ticks.time[i] < latest) continue;
    latest = ticks.time[i];
    const j = chunk.length++;
    chunk.time[j] = ticks.time[i];
    chunk.bid[j] = ticks.bid[i];
    chunk.ask[j] = ticks.ask[i];
    chunk.last[j] = ticks.last[i];
    chunk.volume[j] = ticks.volume[i];
    chunk.flags[j] = ticks.flags[i];
  }
  const skipped = ticks.length - chunk.length;
  if (chunk.length === 0) return { appended: 0, skipped, rows: old?.rows ?? 0 };
  const created = await writeRows(state.host, id, "ticks", chunk.view());
  try {
    const fingerprint = `recording:${symbol}${origin.synthetic ? ":synthetic" : ""}`;
    const previous = old?.sources.find((s) => s.fingerprint === fingerprint);
    const entry: DatasetSource = {
      file: origin.label,
      fingerprint,
      format: "recording",
      timezone: "UTC",
      synthetic: origin.synthetic,
      joinedByUser: false,
      importedAt: Date.now(),
      rowsRead: (previous?.rowsRead ?? 0) + ticks.length,
      rowsStored: (previous?.rowsStored ?? 0) + chunk.length,
      duplicates: previous?.duplicates ?? 0,
      outOfOrder: (previous?.outOfOrder ?? 0) + skipped,
      badPrices: previous?.badPrices ?? 0,
      first: previous?.first ?? chunk.time[0],
      last: chunk.time[chunk.length - 1],
    };
    let partitions = [...(old?.partitions ?? []), ...created];
    const obsolete: Partition[] = [];
    const small = partitions.filter((p) => p.rows < COMPACT_BELOW_ROWS);
    const compact = small.length >= COMPACT_AFTER;
    if (compact) {
      for (const year of [...new Set(small.map((p) => p.year))]) {
        const parts = small.filter((p) => p.year === year);
        if (parts.length < 2) continue;
        const merged = await rewrite(state.host, id, "ticks", parts, "true", year);
        if (!merged) continue;
        created.push(merged);
        obsolete.push(...parts);
        partitions = [...partitions.filter((p) => !parts.includes(p)), merged];
      }
      partitions.sort((a, b) => a.first - b.first);
    }
    const sources = [...(old?.sources.filter((s) => s.fingerprint !== fingerprint) ?? []), entry];
    const draft: Dataset = {
      id,
      name,
      symbol,
      kind: "ticks",
      timeframe: "tick",
      rows: partitions.reduce((sum, p) => sum + p.rows, 0),
      first: partitions[0].first,
      last: latest,
      synthetic: sources.some((s) => s.synthetic),
      sources,
      quality: old?.quality ?? analyseBatch(state, symbol, chunk),
      partitions,
      updatedAt: Date.now(),
    };
    if (old && compact) draft.quality = await reanalyse(state, draft);
    await state.update((catalog) => ({
      ...catalog,
      datasets: [...catalog.datasets.filter((d) => d.id !== id), draft],
    }));
    for (const p of obsolete) await removePartition(state.host, p);
    return { appended: chunk.length, skipped, rows: draft.rows };
  } catch (error) {
    for (const p of created) await removePartition(state.host, p);
    throw error;
  }
}

function analyseBatch(state: CacheState, symbol: string, chunk: TickChunk): QualityReport {
  const analyzer = qualityAnalyzer(state, symbol, "ticks", "tick");
  analyzer.ticks(new TickChunk(chunk.view()));
  return analyzer.report();
}

/** Checks a batch of ticks from outside (the relay, via the data worker) before it is stored. */
function checkTicks(ticks: TickColumns): void {
  const n = ticks.length;
  const columns = ["time", "bid", "ask", "last", "volume", "flags"] as const;
  for (const name of columns) {
    const column = ticks[name];
    const typed = name === "flags" ? column instanceof Int32Array : column instanceof Float64Array;
    if (!typed || column.length < n) {
      throw new PipscopeError(
        "DATA_BAD_TICKS",
        `ticks.${name} must be a ${name === "flags" ? "Int32Array" : "Float64Array"} of ${n} values`,
        { field: name },
      );
    }
  }
  for (let i = 0; i < n; i++) {
    const bad = !Number.isFinite(ticks.time[i])
      ? "time"
      : !(ticks.bid[i] > 0 && ticks.bid[i] < Infinity)
        ? "bid"
        : !(ticks.ask[i] > 0 && ticks.ask[i] < Infinity)
          ? "ask"
          : undefined;
    if (bad) {
      throw new PipscopeError("DATA_BAD_TICKS", `tick ${i} has an invalid ${bad} (${ticks[bad][i]})`, {
        field: bad,
        path: `$[${i}].${bad}`,
      });
    }
  }
}
