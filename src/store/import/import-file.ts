import { checkColumnCount, DETECT_LINES, detectLayout, type LayoutOptions } from "../../core/data/formats/detect.ts";
import { DEFAULT_INSTRUMENTS } from "../../core/data/instruments.ts";
import type { QualityOptions, QualityReport } from "../../core/data/quality.ts";
import { formatSourceZone, parseSourceZone, toUtcConverter } from "../../core/data/source-zone.ts";
import type { DataKind, Timeframe } from "../../core/data/types.ts";
import { PipscopeError } from "../../core/errors.ts";
import type { CacheState } from "../cache-state.ts";
import { datasetName } from "../catalog.ts";
import { type DatasetSummary, summary } from "../dataset-summary.ts";
import { type ImportProgress, ingest } from "../ingest.ts";
import { sniff } from "./decode.ts";
import { symbolFromName, symbolRequired, timeframeFromName } from "./naming.ts";
import { ParquetProducer } from "./parquet-producer.ts";
import { fingerprint, type ImportSource } from "./source.ts";
import { type RowProducer, TextProducer } from "./text-producer.ts";

/** Bytes of a file's start that format detection reads. */
const HEAD_BYTES = 64 * 1024;

/** What the user says about an import; the rest is detected. */
export interface ImportOptions extends LayoutOptions {
  symbol?: string;
  timeframe?: Timeframe;
  /** Source timezone: UTC, +02:00, an IANA zone or mt5-server. Required unless the format fixes it. */
  tz?: string;
  /**
   * The dataset to import into: by default the file's own (named after it: a file of the same
   * name adds to it), or — the user's choice, recorded — the name of another of the symbol's
   * datasets of that kind and timeframe, e.g. `sample`.
   */
  dataset?: string;
  /** What to do with a file already imported: refuse (default), replace its rows, or skip it. */
  onDuplicate?: "error" | "replace" | "skip";
  quality?: Partial<QualityOptions>;
  /** Rows per chunk (the memory bound): default CHUNK_ROWS. */
  chunkRows?: number;
}

/** The outcome of an import. */
export interface ImportResult {
  status: "imported" | "skipped";
  dataset: DatasetSummary;
  format: string;
  /** What was recognised, e.g. "MT5 Bars export (tab-separated, with header)". */
  description: string;
  timezone: string;
  rowsRead: number;
  rowsStored: number;
  /** Quality of this file's rows alone; the dataset's report covers everything cached. */
  report: QualityReport | null;
}

/** A file whose format is recognised: what it holds and how to read its rows. */
interface RecognisedInput {
  kind: DataKind;
  format: string;
  description: string;
  /** The zone the format fixes (HistData, Dukascopy), if any. */
  impliedZone?: string;
  /** Every time carries its own offset or is UTC already: no source zone needed. */
  zoneInRows: boolean;
  /** The rows, times converted to UTC by `toUtc` where they are wall-clock times. */
  producer(toUtc: (local: number) => number): RowProducer;
  /** Releases what reading held (Parquet's registered bytes). */
  close?(): void;
}

/**
 * Imports a file: detects its format from the first lines (or takes `options.format`), reads it
 * in chunks with bounded memory, converts times to UTC from the source zone, analyses its quality
 * and stores it in its dataset (its rows replace that dataset's rows in the same time range).
 * @throws PipscopeError with the file, line and field of the first problem; the cache is untouched.
 */
export async function importFile(
  state: CacheState,
  source: ImportSource,
  options: ImportOptions = {},
  onProgress?: (progress: ImportProgress) => void,
  signal?: AbortSignal,
): Promise<ImportResult> {
  const input = await recognise(state, source, options);
  try {
    return await importRecognised(state, source, input, options, onProgress, signal);
  } finally {
    input.close?.();
  }
}

/** Tells a file's format from its first bytes and lines (or `options.format`). */
async function recognise(state: CacheState, source: ImportSource, options: ImportOptions): Promise<RecognisedInput> {
  const head = await source.read(0, HEAD_BYTES);
  const sniffed = sniff(head, source.name);
  if (sniffed.kind === "parquet") {
    if (options.format && options.format !== "parquet") {
      throw new PipscopeError("DATA_FORMAT_MISMATCH", `--format ${options.format} was given, but this is Parquet`, {
        file: source.name,
        field: "format",
      });
    }
    const parquet = await ParquetProducer.open(await state.host.sql(), source);
    return {
      kind: parquet.shape.kind,
      format: "parquet",
      description: parquet.shape.description,
      zoneInRows: !parquet.shape.needsZone,
      producer: (toUtc) => {
        parquet.useZone(toUtc);
        return parquet;
      },
      close: () => parquet.close(),
    };
  }
  const text = new TextDecoder(sniffed.encoding).decode(head.subarray(sniffed.bomBytes));
  const lines = text.split(/\r?\n/).slice(0, DETECT_LINES + 5);
  if (head.length < source.size) {
    const cut = lines.pop() ?? ""; // the last line of the head may be cut
    if (lines.length === 0) {
      checkColumnCount(cut, 1, source.name, true);
      throw new PipscopeError(
        "DATA_LINE_TOO_LONG",
        `line 1 has no line break in the first ${HEAD_BYTES / 1024} KiB of the file; bars and ticks take a few dozen characters a line — is this the right file?`,
        { file: source.name, line: 1 },
      );
    }
  }
  const layout = detectLayout(lines, source.name, options);
  return {
    kind: layout.kind,
    format: layout.format,
    description: layout.description,
    impliedZone: layout.impliedZone,
    zoneInRows: layout.rowOffsets,
    producer: (toUtc) => new TextProducer(source, layout, sniffed.encoding, sniffed.bomBytes, toUtc),
  };
}

async function importRecognised(
  state: CacheState,
  source: ImportSource,
  input: RecognisedInput,
  options: ImportOptions,
  onProgress?: (progress: ImportProgress) => void,
  signal?: AbortSignal,
): Promise<ImportResult> {
  const zoneText = options.tz ?? input.impliedZone;
  if (!zoneText && !input.zoneInRows) {
    throw new PipscopeError(
      "DATA_TIMEZONE_REQUIRED",
      `say which timezone the times of this ${input.description} are in, e.g. --tz mt5-server (most MT5 brokers: UTC+2, +3 in New York summer), --tz UTC or --tz Europe/London`,
      { file: source.name, field: "tz" },
    );
  }
  const zone = parseSourceZone(zoneText ?? "UTC");
  const { catalog } = state;
  const known = new Set([
    ...catalog.datasets.map((d) => d.symbol),
    ...catalog.instruments.map((i) => i.symbol),
    ...DEFAULT_INSTRUMENTS.map((i) => i.symbol),
  ]);
  const symbol = (options.symbol ?? symbolFromName(source.name, [...known]))?.toUpperCase();
  if (!symbol) throw symbolRequired(source.name);
  const print = await fingerprint(source);
  const already = catalog.datasets.find((d) => d.sources.some((s) => s.fingerprint === print));
  const base = { format: input.format, description: input.description, timezone: formatSourceZone(zone) };
  if (already && (options.onDuplicate ?? "error") === "error") {
    const when = new Date(already.sources.find((s) => s.fingerprint === print)?.importedAt ?? 0).toISOString();
    throw new PipscopeError(
      "DATA_ALREADY_IMPORTED",
      `this file was already imported into ${already.id} on ${when}: choose replace (import it again over the same range) or skip`,
      { file: source.name },
    );
  }
  if (already && options.onDuplicate === "skip") {
    return { status: "skipped", dataset: summary(already), ...base, rowsRead: 0, rowsStored: 0, report: null };
  }
  // A file imported again goes back where it went; else into the dataset the user named, or its own.
  const own = datasetName(source.name);
  const name = already?.name ?? (options.dataset === undefined ? own : checkedName(options.dataset, source.name));
  const timeframe = input.kind === "bars" ? (options.timeframe ?? timeframeFromName(source.name)) : undefined;
  const { dataset, report } = await ingest(state, {
    symbol,
    kind: input.kind,
    timeframe,
    name,
    producer: input.producer(toUtcConverter(zone)),
    source: { file: source.name, fingerprint: print, format: input.format, timezone: base.timezone },
    chosen: !already && name !== own,
    synthetic: false,
    quality: options.quality,
    chunkRows: options.chunkRows,
    onProgress,
    signal,
  });
  return {
    status: "imported",
    dataset: summary(dataset),
    ...base,
    rowsRead: report.rowsRead,
    rowsStored: report.rowsStored,
    report,
  };
}

/** A dataset name the user typed: the same characters `datasetName` makes, or a clear refusal. */
function checkedName(name: string, file: string): string {
  if (/^[a-z0-9_-]{1,48}$/.test(name)) return name;
  throw new PipscopeError(
    "DATA_BAD_DATASET_NAME",
    `'${name}' is not a dataset name: use 1 to 48 lower-case letters, digits, '_' or '-' (e.g. ${datasetName(file)})`,
    { file, field: "dataset" },
  );
}
