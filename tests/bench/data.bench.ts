/**
 * Market data (issue 5 §6, §11), Node, each a median of several runs:
 * - Load (issue 15 §3): a million cached M1 rows into typed arrays, the first read of a fresh
 *   process (≤ 150 ms), and DuckDB-WASM's start-up apart (≤ 300 ms). Chromium's: app.bench.ts.
 * - Import: an MT5 Bars export (1M rows) and an MT5 Ticks export (2M rows) from disk into a fresh
 *   cache, parse + quality + Parquet + catalog; rows/s. Budgets ≥ 500k and ≥ 300k rows/s.
 *   Baseline: reading the same file and finding its line ends — the floor any importer pays.
 * - Memory: peak RSS of a fresh process importing 5M ticks (a ~300 MB file). Budget < 500 MB.
 * The files are synthetic data written as MT5 exports once per run of the suite, in a temp dir.
 * The `.cpu` twins quote the same runs per CPU second of this process (DuckDB-WASM runs on its
 * thread): on a shared machine the wall clock also counts other processes' turns, CPU time not.
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { rmSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MarketStore } from "../../src/store/market-store.ts";
import { openNodeHost } from "../../src/store/node-host.ts";
import { nodeFileSource } from "../../src/store/node-source.ts";
import { type Benchmark, type Measurement, median } from "./harness.ts";
import { millionBarCache } from "./million-bars.ts";
import { writeMt5Export } from "./mt5-export.ts";
import { spread } from "./processes.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const BAR_ROWS = 1_000_000;
const TICK_ROWS = 2_000_000;
const RSS_TICK_ROWS = 5_000_000;
const RUNS = 5;

/** Wall-clock and CPU ms of one measured piece of work. */
interface Timing {
  wallMs: number;
  cpuMs: number;
}

/** Times `work` by the wall clock and by this process's CPU time (DuckDB-WASM runs on this thread). */
async function timed(work: () => Promise<unknown>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** Imports a file into a fresh cache and times the import (opening the cache excluded). */
async function importOnce(path: string): Promise<Timing> {
  const dir = await mkdtemp(join(tmpdir(), "pipscope-bench-cache-"));
  try {
    const store = await MarketStore.open(await openNodeHost(dir));
    const source = await nodeFileSource(path);
    const timing = await timed(() => store.importFile(source, { tz: "UTC", symbol: "EURUSD" }));
    await source.close();
    return timing;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads a file whole and counts its line ends: the floor of any import of it (ms). */
async function scanOnce(path: string): Promise<number> {
  const started = performance.now();
  const bytes = await readFile(path);
  let lines = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines++;
  if (lines === 0) throw new Error(`${path} has no lines`);
  return performance.now() - started;
}

const rates = new Map<string, Promise<{ wall: Measurement; cpu: Measurement }>>();
/**
 * Median rows/s of importing `path` by the wall clock (with the scan's rows/s as the baseline),
 * and per CPU second — the figure that does not move when other processes share the machine.
 * Measured once per file for both benchmarks that quote it.
 */
function importRates(path: string, rows: number) {
  let measured = rates.get(path);
  if (!measured) {
    measured = (async () => {
      const runs: Timing[] = [];
      const scans: number[] = [];
      await importOnce(path); // warm-up: DuckDB compiled, file in the page cache
      for (let i = 0; i < RUNS; i++) {
        runs.push(await importOnce(path));
        scans.push(await scanOnce(path));
      }
      const perSecond = (ms: number) => rows / (ms / 1000);
      return {
        wall: {
          value: perSecond(median(runs.map((r) => r.wallMs))),
          unit: "rows/s",
          baseline: { name: "read + find line ends", value: perSecond(median(scans)) },
        },
        cpu: { value: perSecond(median(runs.map((r) => r.cpuMs))), unit: "rows/cpu-s" },
      };
    })();
    rates.set(path, measured);
  }
  return measured;
}

/**
 * Run in a child process by the RSS benchmark: imports one file into a fresh cache and prints
 * the process's peak resident set size in bytes.
 */
export async function importAndReportRss(path: string): Promise<void> {
  await importOnce(path);
  process.stdout.write(`${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
}

async function peakRssImporting(path: string): Promise<number> {
  const script = `import(${JSON.stringify(new URL(import.meta.url).href)}).then((m) => m.importAndReportRss(${JSON.stringify(path)}))`;
  const child = spawn(process.execPath, ["--import", "tsx", "-e", script], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (piece: Buffer) => {
    output += piece.toString();
  });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`the RSS import exited with ${code}`);
  return (JSON.parse(output.trim()) as { maxRssBytes: number }).maxRssBytes;
}

let files: Promise<{ dir: string; bars: string; ticks: string; bigTicks: string }> | undefined;
/** The three exports, written once for the benchmarks that need them. */
function exports() {
  files ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "pipscope-bench-files-"));
    const paths = {
      dir,
      bars: join(dir, "EURUSD_M1.csv"),
      ticks: join(dir, "EURUSD_ticks.csv"),
      bigTicks: join(dir, "EURUSD_ticks_5M.csv"),
    };
    await writeMt5Export(paths.bars, "bars", BAR_ROWS);
    await writeMt5Export(paths.ticks, "ticks", TICK_ROWS);
    await writeMt5Export(paths.bigTicks, "ticks", RSS_TICK_ROWS);
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    return paths;
  })();
  return files;
}

let loads: Promise<Array<{ rows: number; loadMs: number; duckdbMs: number }>> | undefined;
/**
 * Five fresh processes each reading the million-bar dataset once (load-once.ts): the first read
 * a user's command makes, the store already open; DuckDB's start-up timed apart.
 */
function freshLoads() {
  loads ??= (async () => {
    const cache = await millionBarCache();
    const script = join(ROOT, "tests/bench/load-once.ts");
    const run = () =>
      JSON.parse(
        execFileSync(process.execPath, ["--import", "tsx", script, cache.dataDir, cache.dataset], {
          cwd: ROOT,
          encoding: "utf8",
        }),
      );
    run(); // the page cache warm, as for a user's second command
    return Array.from({ length: 5 }, run);
  })();
  return loads;
}

const benchmarks: Benchmark[] = [
  {
    name: "data.load_1m.node_fresh_process_ms",
    budget: { on: "value", op: "<=", limit: 150 },
    async run() {
      const runs = await freshLoads();
      const ms = runs.map((r) => r.loadMs);
      return { value: median(ms), unit: `ms for ${runs[0].rows} M1 rows, first read (${spread(ms)})` };
    },
  },
  {
    name: "data.duckdb_startup.node_fresh_process_ms",
    budget: { on: "value", op: "<=", limit: 300 },
    async run() {
      const ms = (await freshLoads()).map((r) => r.duckdbMs);
      return { value: median(ms), unit: `ms (${spread(ms)})` };
    },
  },
  {
    name: "data.import.mt5-bars",
    budget: { on: "value", op: ">=", limit: 500_000 },
    async run() {
      return (await importRates((await exports()).bars, BAR_ROWS)).wall;
    },
  },
  {
    name: "data.import.mt5-bars.cpu",
    async run() {
      return (await importRates((await exports()).bars, BAR_ROWS)).cpu;
    },
  },
  {
    name: "data.import.mt5-ticks",
    budget: { on: "value", op: ">=", limit: 300_000 },
    async run() {
      return (await importRates((await exports()).ticks, TICK_ROWS)).wall;
    },
  },
  {
    name: "data.import.mt5-ticks.cpu",
    async run() {
      return (await importRates((await exports()).ticks, TICK_ROWS)).cpu;
    },
  },
  {
    name: "data.import.ticks-5m-peak-rss",
    budget: { on: "value", op: "<=", limit: 500 },
    async run() {
      const path = (await exports()).bigTicks;
      const samples: number[] = [];
      for (let i = 0; i < 3; i++) samples.push((await peakRssImporting(path)) / 2 ** 20);
      return { value: median(samples), unit: "MB" };
    },
  },
];

export default benchmarks;
