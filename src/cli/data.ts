import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { describeSpike, QUALITY_FORMULA, type QualityReport } from "../core/data/quality.ts";
import { parseTimeframe } from "../core/data/timeframes.ts";
import { PipscopeError } from "../core/errors.ts";
import type { DatasetSummary, MarketStore } from "../store/market-store.ts";
import { type CliIo, type Command, EXIT } from "./command.ts";
import { importCommand } from "./import.ts";

/** Opens the cache at a data directory (creating the sample on first start, with progress). */
export type OpenStore = (dataDir: string, io: CliIo) => Promise<MarketStore>;

const DATA_DIR_HELP = "  --data-dir <dir>  the local cache (default .pipscope under the working directory)";

function parse(args: string[], usage: string) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        "data-dir": { type: "string" },
        json: { type: "boolean" },
        timeframe: { type: "string" },
        kind: { type: "string" },
        dataset: { type: "string" },
      },
    });
  } catch (error) {
    throw new PipscopeError("CLI_USAGE", `${(error as Error).message}. Usage: pipscope ${usage}`);
  }
}

const dataDir = (io: CliIo, value: unknown) => resolve(io.cwd, typeof value === "string" ? value : ".pipscope");
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/** One dataset as `data list --json` prints it (a stable shape other tools read). */
export interface DatasetLine {
  id: string;
  name: string;
  symbol: string;
  kind: "bars" | "ticks";
  timeframe: string;
  rows: number;
  first: string;
  last: string;
  quality: number;
  synthetic: boolean;
  sources: string[];
  bytes: number;
}

function line(d: DatasetSummary): DatasetLine {
  return {
    id: d.id,
    name: d.name,
    symbol: d.symbol,
    kind: d.kind,
    timeframe: d.timeframe,
    rows: d.rows,
    first: iso(d.first),
    last: iso(d.last),
    quality: d.quality,
    synthetic: d.synthetic,
    sources: d.sources,
    bytes: d.bytes,
  };
}

function table(lines: DatasetLine[]): string {
  const header = ["SYMBOL", "KIND", "TF", "DATASET", "ROWS", "FIRST (UTC)", "LAST (UTC)", "QUALITY", "SOURCE"];
  const rows = lines.map((l) => [
    l.symbol,
    l.kind,
    l.timeframe,
    l.name,
    l.rows.toLocaleString("en-US"),
    l.first.slice(0, 16).replace("T", " "),
    l.last.slice(0, 16).replace("T", " "),
    `${l.quality}/100`,
    `${l.synthetic ? "SYNTHETIC: " : ""}${l.sources.join(", ")}`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  return [header, ...rows]
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const hours = (ms: number) => `${(ms / 3_600_000).toFixed(1)} h`;

/** The readable quality report. */
export function describeQuality(id: string, q: QualityReport): string {
  const lines = [
    `${id}: quality ${q.score}/100`,
    `  rows           ${q.rowsStored.toLocaleString("en-US")} stored of ${q.rowsRead.toLocaleString("en-US")} read, ${q.first === null ? "-" : iso(q.first)} … ${q.last === null ? "-" : iso(q.last)}`,
    `  integrity      −${q.penalties.integrity}: ${q.duplicates} duplicates, ${q.outOfOrder} out of order, ${q.ohlcInconsistent} OHLC inconsistent, ${q.badPrices} bad prices, ${q.bidAboveAsk} bid above ask`,
    `  gaps           −${q.penalties.gaps}: ${q.gaps.count} over ${q.gaps.thresholdMs / 60_000} min, ${hours(q.gaps.missingMs)} missing of ${hours(q.gaps.openMs)} open (weekends and holidays excluded)`,
    `  spikes         −${q.penalties.spikes}: ${q.spikes.count} (range over ${q.spikes.k} × ATR, or priced off their neighbours' band: ${q.spikes.offBand})`,
    `  spread         −${q.penalties.spread}: ${q.spread.outliers} outliers over ${q.spread.threshold} ${q.spread.unit} (median ${q.spread.median}, max ${q.spread.max})`,
  ];
  if (q.gaps.list.length) {
    lines.push("  largest gaps:");
    for (const g of [...q.gaps.list].sort((a, b) => b.openMs - a.openMs).slice(0, 10)) {
      lines.push(`    ${iso(g.from)} → ${iso(g.to)}  ${Math.round(g.openMs / 60_000)} min`);
    }
  }
  if (q.spikes.list.length) {
    lines.push("  spikes:");
    for (const spike of q.spikes.list.slice(0, 10)) lines.push(`    ${iso(spike.time)}  ${describeSpike(spike)}`);
  }
  lines.push("", `Score: ${QUALITY_FORMULA}`);
  return lines.join("\n");
}

function listCommand(open: OpenStore): Command {
  const usage = "data list [--json] [--data-dir <dir>]";
  return {
    name: "list",
    summary: "List the cached datasets with their range, rows and quality",
    usage,
    details: `Options:
  --json            one JSON array: {id, name, symbol, kind, timeframe, rows, first, last (ISO
                    UTC), quality (0–100), synthetic, sources, bytes} per dataset
Each source keeps its own dataset (the sample, each imported file, a recording): a symbol can
have several; a run names the one it reads with session_data_config.datasets.
${DATA_DIR_HELP}`,
    async run(args, io) {
      const { values } = parse(args, usage);
      const store = await open(dataDir(io, values["data-dir"]), io);
      const lines = store.list().map(line);
      if (values.json) io.stdout.write(`${JSON.stringify(lines, null, 2)}\n`);
      else io.stdout.write(lines.length ? `${table(lines)}\n` : `no data cached in ${store.location}\n`);
      return EXIT.ok;
    },
  };
}

/**
 * Picks the dataset of a symbol: of the kind or timeframe asked (ticks, else bars), of the name
 * asked; the only one that fits, else M1 bars when they are the only ones of that timeframe.
 */
function pickDataset(
  store: MarketStore,
  symbol: string,
  options: { timeframe?: string; kind?: string; dataset?: string },
): string {
  const mine = store.list().filter((d) => d.symbol === symbol);
  if (mine.length === 0) {
    throw new PipscopeError("DATA_NO_DATASET", `no data of ${symbol} cached; 'pipscope data list' shows what is`, {
      field: "symbol",
    });
  }
  const ticks = options.kind === "ticks" || options.timeframe?.toLowerCase() === "tick";
  const timeframe = ticks ? "tick" : options.timeframe && parseTimeframe(options.timeframe, "--timeframe");
  let fits = mine.filter(
    (d) => (!timeframe || d.timeframe === timeframe) && (!options.dataset || d.name === options.dataset),
  );
  if (fits.length > 1 && !timeframe) fits = fits.filter((d) => d.timeframe === "M1");
  if (fits.length === 1) return fits[0].id;
  const choices = (fits.length ? fits : mine).map((d) => d.id).join(", ");
  throw new PipscopeError(
    "CLI_USAGE",
    fits.length
      ? `${symbol} has several such datasets (${choices}); pick one with --dataset <name>`
      : `no dataset of ${symbol} fits (${symbol} has ${choices}); pick with --timeframe, --kind ticks or --dataset`,
    { field: "dataset" },
  );
}

function qualityCommand(open: OpenStore): Command {
  const usage =
    "data quality <symbol> [--timeframe <tf> | --kind ticks] [--dataset <name>] [--json] [--data-dir <dir>]";
  return {
    name: "quality",
    summary: "Show the quality report of a dataset: gaps, spikes, spreads, integrity and the score",
    usage,
    details: `Options:
  --timeframe <tf>  which bars (default: the symbol's only dataset, else M1); 'tick' for ticks
  --kind ticks      the symbol's ticks
  --dataset <name>  which of the symbol's datasets (sample, recording, an imported file's name)
  --json            the full report as JSON (every gap and spike listed, up to 200 each)
${DATA_DIR_HELP}

${QUALITY_FORMULA}`,
    async run(args, io) {
      const { values, positionals } = parse(args, usage);
      if (positionals.length !== 1) throw new PipscopeError("CLI_USAGE", `give one symbol. Usage: pipscope ${usage}`);
      const store = await open(dataDir(io, values["data-dir"]), io);
      const symbol = positionals[0].toUpperCase();
      const id = pickDataset(store, symbol, values);
      const report = store.quality(id);
      io.stdout.write(
        values.json ? `${JSON.stringify({ id, ...report }, null, 2)}\n` : `${describeQuality(id, report)}\n`,
      );
      return EXIT.ok;
    },
  };
}

function sampleCommand(open: OpenStore): Command {
  const usage = "data sample [--data-dir <dir>]";
  return {
    name: "sample",
    summary: "Create the synthetic sample: M1 of EURUSD, GBPUSD, USDJPY Nov 2024–Oct 2026, EURUSD ticks of Oct 2026",
    usage,
    details: `Deterministic synthetic data (seed 1), labelled synthetic wherever it shows: session-dependent
volatility and spreads, no weekend bars, wider spreads at the 17:00 New York rollover, a few
feed gaps. Its ranges are fixed (bars 2024-11-01 → 2026-11-01 UTC, ticks 2026-10-01 → 2026-11-01),
so every machine caches the same rows on any day. Your imported data is never replaced.
${DATA_DIR_HELP}`,
    async run(args, io) {
      const { values } = parse(args, usage);
      const store = await open(dataDir(io, values["data-dir"]), io);
      let shown = -10;
      const made = await store.createSample(({ fraction, dataset }) => {
        const percent = Math.floor(fraction * 100);
        if (percent >= shown + 10 && dataset) {
          shown = percent - (percent % 10);
          io.stderr.write(`sample ${String(percent).padStart(3)}% ${dataset}\n`);
        }
      });
      io.stdout.write(`${table(made.map(line))}\n`);
      return EXIT.ok;
    },
  };
}

function deleteCommand(open: OpenStore): Command {
  const usage = "data delete <dataset> [--data-dir <dir>]";
  return {
    name: "delete",
    summary: "Delete a cached dataset, e.g. EURUSD/bars/M1/sample",
    usage,
    async run(args, io) {
      const { values, positionals } = parse(args, usage);
      if (positionals.length !== 1)
        throw new PipscopeError("CLI_USAGE", `give one dataset id. Usage: pipscope ${usage}`);
      const store = await open(dataDir(io, values["data-dir"]), io);
      await store.remove(positionals[0]);
      io.stdout.write(`deleted ${positionals[0]}\n`);
      return EXIT.ok;
    },
  };
}

/**
 * `pipscope data …`: the local market-data cache (list, quality, sample, delete, and import as
 * an alias of `pipscope import`). `open` creates the sample on first start.
 */
export function dataCommand(open: OpenStore): Command {
  return {
    name: "data",
    summary: "The local market-data cache: list, quality, sample, import, delete",
    usage: "data <list | quality | sample | import | delete> [options]",
    subcommands: [listCommand(open), qualityCommand(open), sampleCommand(open), importCommand, deleteCommand(open)],
  };
}
