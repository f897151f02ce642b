import {
  DEFAULT_SAMPLE,
  DEFAULT_SEED,
  SYNTHETIC_SOURCE,
  syntheticBars,
  syntheticTicks,
} from "../core/data/synthetic.ts";
import { MS_PER_DAY } from "../core/units.ts";
import type { CacheState } from "./cache-state.ts";
import { datasetId, SAMPLE_NAME } from "./catalog.ts";
import { type DatasetSummary, summary } from "./dataset-summary.ts";
import { ColumnsProducer } from "./import/columns-producer.ts";
import { ingest } from "./ingest.ts";

/** Progress of the sample: which dataset (`EURUSD/bars/M1/sample`), step `step` of `steps`, overall fraction 0–1. */
export interface SampleProgress {
  dataset: string;
  step: number;
  steps: number;
  fraction: number;
}

/**
 * Creates the default sample (DEFAULT_SAMPLE): synthetic M1 bars of EURUSD, GBPUSD and USDJPY from
 * 2024-11-01 to 2026-11-01 UTC and EURUSD ticks of October 2026, in datasets of their own named
 * `sample` and labelled synthetic — the same rows on every machine and every day. A sample dataset
 * that already holds them is left as it is; no other dataset is ever touched.
 */
export async function createSample(
  state: CacheState,
  onProgress?: (progress: SampleProgress) => void,
  signal?: AbortSignal,
): Promise<DatasetSummary[]> {
  const { bars, ticks } = DEFAULT_SAMPLE;
  const plans = [
    ...DEFAULT_SAMPLE.barSymbols.map((symbol) => ({ symbol, kind: "bars" as const, ...bars })),
    { symbol: DEFAULT_SAMPLE.tickSymbol, kind: "ticks" as const, ...ticks },
  ];
  const made: DatasetSummary[] = [];
  for (const [index, plan] of plans.entries()) {
    const id = datasetId(plan.symbol, plan.kind, plan.kind === "bars" ? "M1" : "tick", SAMPLE_NAME);
    const print = `${SYNTHETIC_SOURCE}:${plan.symbol}:${plan.kind}:${DEFAULT_SEED}:${plan.from}:${plan.to}`;
    const existing = state.catalog.datasets.find((d) => d.id === id);
    if (existing?.sources.some((s) => s.fingerprint === print)) {
      made.push(summary(existing)); // already holds these very rows: nothing to generate
      continue;
    }
    const generate =
      plan.kind === "bars"
        ? (a: number, b: number) => syntheticBars(plan.symbol, a, b, DEFAULT_SEED)
        : (a: number, b: number) => syntheticTicks(plan.symbol, a, b, DEFAULT_SEED);
    const producer = new ColumnsProducer(
      generate,
      plan.from,
      plan.to,
      plan.kind === "bars" ? 31 * MS_PER_DAY : 2 * MS_PER_DAY,
    );
    const { dataset } = await ingest(state, {
      symbol: plan.symbol,
      kind: plan.kind,
      timeframe: plan.kind === "bars" ? "M1" : undefined,
      name: SAMPLE_NAME,
      producer,
      source: {
        file: `${SYNTHETIC_SOURCE} (seed ${DEFAULT_SEED})`,
        fingerprint: print,
        format: SYNTHETIC_SOURCE,
        timezone: "UTC",
      },
      synthetic: true,
      signal,
      onProgress: (p) =>
        onProgress?.({
          dataset: id,
          step: index + 1,
          steps: plans.length,
          fraction: (index + p.bytesRead / Math.max(1, p.totalBytes)) / plans.length,
        }),
    });
    made.push(summary(dataset));
  }
  await state.update((catalog) => ({ ...catalog, sampleCreatedAt: Date.now() }));
  onProgress?.({ dataset: "", step: plans.length, steps: plans.length, fraction: 1 });
  return made;
}
